namespace Voip.Sdp;

/// <summary>RTCP settings of a stream: its CNAME (RFC 3550 §6.5.1) and reduced-size RTCP (RFC 5506).</summary>
public sealed record RtcpParameters(string? Cname = null, bool ReducedSize = true, bool Mux = true);
