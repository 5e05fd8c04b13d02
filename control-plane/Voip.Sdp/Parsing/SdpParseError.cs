namespace Voip.Sdp;

/// <summary>Why an SDP was rejected: the 1-based line number (0 when not tied to a line) and the reason.</summary>
public sealed record SdpParseError(int LineNumber, string Reason)
{
    public string Message => LineNumber > 0 ? $"SDP line {LineNumber}: {Reason}" : $"SDP: {Reason}";

    public override string ToString() => Message;
}
