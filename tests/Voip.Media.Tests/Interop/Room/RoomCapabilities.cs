using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>What the test SFU accepts from publishers and offers to subscribers (mediasoup's "router capabilities").</summary>
internal static class RoomCapabilities
{
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string TwccUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    private static readonly List<Sdp.RtcpFeedback> VideoFeedback = [new("goog-remb"), new("transport-cc"), new("ccm", "fir"), new("nack"), new("nack", "pli")];

    /// <summary>Publisher side: what the answer accepts (the offer's payload types are kept).</summary>
    public static IReadOnlyList<Sdp.RtpCodecCapability> PublisherCodecs =>
    [
        new() { MimeType = "audio/opus", ClockRate = 48000, Channels = 2, RtcpFeedback = [new("transport-cc")] },
        new() { MimeType = "video/VP8", ClockRate = 90000, RtcpFeedback = VideoFeedback },
        new() { MimeType = "video/rtx", ClockRate = 90000 },
    ];

    public static IReadOnlyList<Sdp.RtpHeaderExtensionCapability> PublisherExtensions =>
    [
        new(Sdp.MediaKind.Audio, MidUri), new(Sdp.MediaKind.Audio, AudioLevelUri), new(Sdp.MediaKind.Audio, AbsSendTimeUri),
        new(Sdp.MediaKind.Audio, TwccUri),
        new(Sdp.MediaKind.Video, MidUri), new(Sdp.MediaKind.Video, RidUri), new(Sdp.MediaKind.Video, RepairedRidUri),
        new(Sdp.MediaKind.Video, AbsSendTimeUri), new(Sdp.MediaKind.Video, TwccUri),
    ];

    /// <summary>Subscriber side: the payload types and extension ids the SFU's offers use.</summary>
    public static V1.RtpCapabilities Subscriber
    {
        get
        {
            var caps = new V1.RtpCapabilities();
            var opus = new V1.RtpCodec { MimeType = "audio/opus", PayloadType = 100, ClockRate = 48000, Channels = 2 };
            opus.Parameters.Add(new V1.CodecParameter { Name = "minptime", Value = "10" });
            opus.Parameters.Add(new V1.CodecParameter { Name = "useinbandfec", Value = "1" });
            var vp8 = new V1.RtpCodec { MimeType = "video/VP8", PayloadType = 101, ClockRate = 90000 };
            vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "goog-remb" });
            vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "ccm", Parameter = "fir" });
            vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "nack" });
            vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "nack", Parameter = "pli" });
            var rtx = new V1.RtpCodec { MimeType = "video/rtx", PayloadType = 102, ClockRate = 90000 };
            rtx.Parameters.Add(new V1.CodecParameter { Name = "apt", Value = "101" });
            caps.Codecs.Add(opus);
            caps.Codecs.Add(vp8);
            caps.Codecs.Add(rtx);
            caps.HeaderExtensions.Add(new V1.RtpHeaderExtension { Uri = AudioLevelUri, Id = 1 });
            caps.HeaderExtensions.Add(new V1.RtpHeaderExtension { Uri = AbsSendTimeUri, Id = 2 });
            return caps;
        }
    }
}
