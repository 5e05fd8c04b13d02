namespace Voip.Sdp;

/// <summary>An SSRC of a media section with its source-level <c>cname</c> and <c>msid</c> (RFC 5576 §6).</summary>
public sealed record SdpSource(uint Ssrc, string? Cname, string? StreamId, string? TrackId);
