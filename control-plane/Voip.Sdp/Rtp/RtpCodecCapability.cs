namespace Voip.Sdp;

/// <summary>
/// A codec the SFU accepts (mediasoup's router capability). <see cref="Parameters"/> lists only the fmtp
/// parameters that must match (H.264 <c>packetization-mode</c> and <c>profile-level-id</c> profile, VP9
/// <c>profile-id</c>); <see cref="RtcpFeedback"/> is what the SFU supports, intersected with the offer.
/// </summary>
public sealed class RtpCodecCapability
{
    public required string MimeType { get; init; }

    public required uint ClockRate { get; init; }

    public int? Channels { get; init; }

    public OrderedDictionary<string, string> Parameters { get; init; } = new(StringComparer.Ordinal);

    public List<RtcpFeedback> RtcpFeedback { get; init; } = [];

    public MediaKind Kind => MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Video;
}
