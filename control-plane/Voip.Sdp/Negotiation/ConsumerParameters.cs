namespace Voip.Sdp;

/// <summary>
/// One track the SFU sends to a subscriber: RTP parameters with one encoding (SSRC and optional RTX SSRC),
/// the CNAME in <see cref="RtpParameters.Rtcp"/>, and the msid stream/track ids the browser will see.
/// </summary>
public sealed record ConsumerParameters(MediaKind Kind, RtpParameters RtpParameters, string StreamId, string TrackId);
