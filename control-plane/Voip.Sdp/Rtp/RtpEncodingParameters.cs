namespace Voip.Sdp;

/// <summary>One RTP stream (a simulcast layer or the only stream): its SSRC or rid, and its RTX SSRC.</summary>
public sealed record RtpEncodingParameters(uint? Ssrc = null, string? Rid = null, uint? RtxSsrc = null);
