namespace Voip.Sdp;

/// <summary>A negotiated RTP header extension: its URI and the id both sides use (RFC 8285).</summary>
public sealed record RtpHeaderExtensionParameters(string Uri, int Id);
