namespace Voip.Sdp;

/// <summary>An RTCP feedback mechanism of a codec, e.g. (<c>nack</c>, <c>pli</c>) (RFC 4585 §4.2).</summary>
public sealed record RtcpFeedback(string Type, string? Parameter = null)
{
    public override string ToString() => Parameter is null ? Type : Type + " " + Parameter;
}
