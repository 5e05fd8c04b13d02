namespace Voip.Media.Routing;

/// <summary>One RTP stream of a track: identified by SSRC, or by RID for simulcast (RFC 8851/8853).</summary>
public sealed record RtpEncoding(uint Ssrc, string? Rid, uint RtxSsrc, long MaxBitrate = 0);
