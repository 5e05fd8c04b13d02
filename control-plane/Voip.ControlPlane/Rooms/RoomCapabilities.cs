using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

/// <summary>
/// What rooms accept from publishers (Opus and VP8 with RTX; the offer's payload types are kept) and the
/// payload types and extension ids the SFU's subscriber offers use — mediasoup's "router capabilities".
/// VP8 only for video: every browser sends it, and one codec keeps every consumer forwardable without
/// transcoding.
/// </summary>
public static class RoomCapabilities
{
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public const uint OpusPayloadType = 100;
    public const uint Vp8PayloadType = 101;
    public const uint RtxPayloadType = 102;

    public static IReadOnlyList<Sdp.RtpCodecCapability> PublisherCodecs { get; } =
    [
        new() { MimeType = "audio/opus", ClockRate = 48000, Channels = 2, RtcpFeedback = [new("transport-cc")] },
        new() { MimeType = "video/VP8", ClockRate = 90000, RtcpFeedback = [new("goog-remb"), new("transport-cc"), new("ccm", "fir"), new("nack"), new("nack", "pli")] },
        new() { MimeType = "video/rtx", ClockRate = 90000 },
    ];

    public static IReadOnlyList<Sdp.RtpHeaderExtensionCapability> PublisherExtensions { get; } =
    [
        new(Sdp.MediaKind.Audio, MidUri),
        new(Sdp.MediaKind.Audio, AudioLevelUri),
        new(Sdp.MediaKind.Audio, AbsSendTimeUri),
        new(Sdp.MediaKind.Audio, TransportCcUri),
        new(Sdp.MediaKind.Video, MidUri),
        new(Sdp.MediaKind.Video, RidUri),
        new(Sdp.MediaKind.Video, RepairedRidUri),
        new(Sdp.MediaKind.Video, AbsSendTimeUri),
        new(Sdp.MediaKind.Video, TransportCcUri),
    ];

    /// <summary>The capabilities every Consume call passes (fixed payload types, so every subscriber offer agrees).</summary>
    public static V1.RtpCapabilities Subscriber { get; } = BuildSubscriber();

    private static V1.RtpCapabilities BuildSubscriber()
    {
        var opus = new V1.RtpCodec { MimeType = "audio/opus", PayloadType = OpusPayloadType, ClockRate = 48000, Channels = 2 };
        opus.Parameters.Add(new V1.CodecParameter { Name = "minptime", Value = "10" });
        opus.Parameters.Add(new V1.CodecParameter { Name = "useinbandfec", Value = "1" });
        var vp8 = new V1.RtpCodec { MimeType = "video/VP8", PayloadType = Vp8PayloadType, ClockRate = 90000 };
        vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "goog-remb" });
        vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "ccm", Parameter = "fir" });
        vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "nack" });
        vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "nack", Parameter = "pli" });
        var rtx = new V1.RtpCodec { MimeType = "video/rtx", PayloadType = RtxPayloadType, ClockRate = 90000 };
        rtx.Parameters.Add(new V1.CodecParameter { Name = "apt", Value = Vp8PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var caps = new V1.RtpCapabilities();
        caps.Codecs.Add(opus);
        caps.Codecs.Add(vp8);
        caps.Codecs.Add(rtx);
        caps.HeaderExtensions.Add(new V1.RtpHeaderExtension { Uri = AudioLevelUri, Id = 1 });
        caps.HeaderExtensions.Add(new V1.RtpHeaderExtension { Uri = AbsSendTimeUri, Id = 2 });
        return caps;
    }
}
