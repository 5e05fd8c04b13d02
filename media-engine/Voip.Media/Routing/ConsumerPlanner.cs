using Voip.Media.Rtp;

namespace Voip.Media.Routing;

/// <summary>
/// Works out what a subscriber will receive from a producer: the matching codec with the subscriber's
/// payload type (and its RTX), the header extensions both sides know, and fresh SSRCs. Refuses, with
/// the reason, when the subscriber cannot decode the producer's codec.
/// </summary>
internal static class ConsumerPlanner
{
    /// <summary>Extensions we forward as they are (or, for abs-send-time, restamp with our send time).</summary>
    private static readonly string[] ForwardedExtensions =
    [
        RtpExtensionUri.AudioLevel,
        RtpExtensionUri.AbsSendTime,
        "urn:3gpp:video-orientation",
        "urn:ietf:params:rtp-hdrext:toffset",
        "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
    ];

    private static readonly RtcpFeedbackEntry[] SupportedFeedback =
    [
        new("nack"), new("nack", "pli"), new("ccm", "fir"), new("goog-remb"),
    ];

    public static ConsumerPlan Plan(Producer producer, RtpCapabilities capabilities, Func<uint, bool> ssrcTaken)
    {
        var source = producer.MediaCodec;
        var match = capabilities.Codecs.FirstOrDefault(c => !c.IsRtx && Matches(source, c))
            ?? throw new RoutingException(RoutingError.InvalidArgument,
                $"the subscriber cannot receive {source.MimeType}/{source.ClockRate}{DescribeProfile(source)}: rtp_capabilities has no matching codec");
        var rtx = producer.RtxPayloadType != 0 && source.Kind == MediaKind.Video
            ? capabilities.Codecs.FirstOrDefault(c => c.IsRtx && c.AssociatedPayloadType == match.PayloadType)
            : null;
        var feedback = match.Feedback.Where(f => SupportedFeedback.Any(s => s.Type.Equals(f.Type, StringComparison.OrdinalIgnoreCase) && s.Parameter.Equals(f.Parameter, StringComparison.OrdinalIgnoreCase))).ToArray();
        var codec = source with { PayloadType = match.PayloadType, Feedback = feedback };
        var codecs = new List<RtpCodec> { codec };
        if (rtx is not null)
        {
            codecs.Add(rtx with { Parameters = [new("apt", match.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture))], Feedback = [] });
        }

        var extensions = new List<RtpHeaderExtension>();
        var idMap = new List<(byte, byte)>();
        byte absSendTimeId = 0;
        foreach (var uri in ForwardedExtensions)
        {
            byte from = producer.Parameters.GetExtensionId(uri);
            byte to = capabilities.HeaderExtensions.FirstOrDefault(e => e.Uri == uri).Id;
            if (from == 0 || to == 0 || (to > 14 && from <= 14))
            {
                continue; // one-byte blocks are rewritten in place: the new id must fit one-byte form too
            }

            extensions.Add(new RtpHeaderExtension(uri, to));
            idMap.Add((from, to));
            if (uri == RtpExtensionUri.AbsSendTime)
            {
                absSendTimeId = to;
            }
        }

        uint ssrc = NewSsrc(ssrcTaken, 0);
        uint rtxSsrc = rtx is null ? 0 : NewSsrc(ssrcTaken, ssrc);
        var parameters = new RtpParameters(
            Mid: null,
            Codecs: codecs,
            HeaderExtensions: extensions,
            Encodings: [new RtpEncoding(ssrc, null, rtxSsrc)],
            Cname: producer.Parameters.Cname ?? "voip-" + producer.Id);
        return new ConsumerPlan(parameters, ssrc, rtxSsrc, match.PayloadType, rtx?.PayloadType ?? 0, idMap, absSendTimeId);
    }

    /// <summary>Same codec by name, clock rate and channels, and — where it changes the bitstream — the same profile.</summary>
    internal static bool Matches(RtpCodec source, RtpCodec candidate)
    {
        if (!source.MimeType.Equals(candidate.MimeType, StringComparison.OrdinalIgnoreCase) || source.ClockRate != candidate.ClockRate)
        {
            return false;
        }

        if (source.Kind == MediaKind.Audio && Math.Max(1, source.Channels) != Math.Max(1, candidate.Channels))
        {
            return false;
        }

        if (source.MimeType.Equals("video/H264", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 6184 §8.1: packetization-mode must match; the profile (profile_idc + constraint flags) must match.
            string modeA = source.GetParameter("packetization-mode") ?? "0";
            string modeB = candidate.GetParameter("packetization-mode") ?? "0";
            string profileA = ProfilePart(source.GetParameter("profile-level-id"));
            string profileB = ProfilePart(candidate.GetParameter("profile-level-id"));
            return modeA == modeB && profileA.Equals(profileB, StringComparison.OrdinalIgnoreCase);
        }

        if (source.MimeType.Equals("video/VP9", StringComparison.OrdinalIgnoreCase))
        {
            return (source.GetParameter("profile-id") ?? "0") == (candidate.GetParameter("profile-id") ?? "0");
        }

        return true;
    }

    private static string ProfilePart(string? profileLevelId) =>
        profileLevelId is { Length: >= 4 } p ? p[..4] : "42e0";

    private static string DescribeProfile(RtpCodec codec) =>
        codec.GetParameter("profile-level-id") is { } p ? $" (profile-level-id={p}, packetization-mode={codec.GetParameter("packetization-mode") ?? "0"})" : "";

    private static uint NewSsrc(Func<uint, bool> taken, uint avoid)
    {
        while (true)
        {
            uint ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
            if (ssrc != avoid && !taken(ssrc))
            {
                return ssrc;
            }
        }
    }
}
