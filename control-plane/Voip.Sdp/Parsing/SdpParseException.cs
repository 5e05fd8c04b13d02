namespace Voip.Sdp;

/// <summary>Thrown by <see cref="SdpParser.Parse"/> for malformed SDP; the only exception the parser throws.</summary>
public sealed class SdpParseException : FormatException
{
    public SdpParseException(SdpParseError error)
        : base(error.Message) => Error = error;

    public SdpParseError Error { get; }

    public int LineNumber => Error.LineNumber;

    public string Reason => Error.Reason;
}
