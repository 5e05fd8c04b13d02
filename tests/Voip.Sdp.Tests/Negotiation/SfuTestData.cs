namespace Voip.Sdp.Tests.Negotiation;

/// <summary>An SFU's transport and capabilities as the control plane would get them from the engine.</summary>
internal static class SfuTestData
{
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TwccUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public static TransportParameters Transport(SctpParameters? sctp = null) => new(
        new IceParameters("sfuUfrag1", "sfuPasswordThatIsLongEnough", Lite: true),
        [new IceCandidate("udpcand", 1076302079, "127.0.0.1", 40000), new IceCandidate("tcpcand", 1076276479, "127.0.0.1", 40001, "tcp", "host", "passive")],
        new DtlsParameters(DtlsRole.Auto, [new DtlsFingerprint("sha-256",
            "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99")]),
        sctp);

    private static readonly List<RtcpFeedback> VideoFeedback =
        [new("goog-remb"), new("transport-cc"), new("ccm", "fir"), new("nack"), new("nack", "pli")];

    public static IReadOnlyList<RtpCodecCapability> Codecs =>
    [
        new() { MimeType = "audio/opus", ClockRate = 48000, Channels = 2, RtcpFeedback = [new("transport-cc")] },
        new() { MimeType = "video/VP8", ClockRate = 90000, RtcpFeedback = VideoFeedback },
        new()
        {
            MimeType = "video/H264", ClockRate = 90000, RtcpFeedback = VideoFeedback,
            Parameters = new(StringComparer.Ordinal) { ["packetization-mode"] = "1", ["profile-level-id"] = "42e01f" },
        },
        new() { MimeType = "video/rtx", ClockRate = 90000 },
    ];

    public static IReadOnlyList<RtpHeaderExtensionCapability> HeaderExtensions =>
    [
        new(MediaKind.Audio, MidUri), new(MediaKind.Audio, AudioLevelUri), new(MediaKind.Audio, AbsSendTimeUri), new(MediaKind.Audio, TwccUri),
        new(MediaKind.Video, MidUri), new(MediaKind.Video, RidUri), new(MediaKind.Video, RepairedRidUri), new(MediaKind.Video, AbsSendTimeUri),
        new(MediaKind.Video, TwccUri),
    ];

    public static ConsumerParameters Consumer(MediaKind kind, uint ssrc, string track) => new(
        kind,
        new RtpParameters
        {
            Codecs = kind == MediaKind.Audio
                ?
                [
                    new() { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2,
                        Parameters = new(StringComparer.Ordinal) { ["minptime"] = "10", ["useinbandfec"] = "1" }, RtcpFeedback = [new("transport-cc")] },
                ]
                :
                [
                    new() { MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000, RtcpFeedback = [new("nack"), new("nack", "pli"), new("ccm", "fir")] },
                    new() { MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000, Parameters = new(StringComparer.Ordinal) { ["apt"] = "96" } },
                ],
            HeaderExtensions = [new(MidUri, 4), new(AbsSendTimeUri, 2)],
            Encodings = [new RtpEncodingParameters(ssrc, RtxSsrc: kind == MediaKind.Video ? ssrc + 1 : null)],
            Rtcp = new RtcpParameters("sfu-cname"),
        },
        "stream-" + track,
        track);
}
