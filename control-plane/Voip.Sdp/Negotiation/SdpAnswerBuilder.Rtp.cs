namespace Voip.Sdp;

// The audio/video part of the publisher answer and the producer parameters read from the offer.
public static partial class SdpAnswerBuilder
{
    private static MediaDescription? AnswerRtp(
        SessionDescription offer,
        MediaDescription offered,
        string mid,
        TransportParameters transport,
        SdpSetupRole setup,
        IReadOnlyList<RtpCodecCapability> capabilities,
        IReadOnlyList<RtpHeaderExtensionCapability> headerExtensions,
        List<ProducerParameters> producers)
    {
        var kind = MediaKindNames.FromSdp(offered.Kind)!.Value;
        var codecs = NegotiateCodecs(offered, capabilities.Where(c => c.Kind == kind).ToList());
        if (codecs.Count == 0)
        {
            return null;
        }
        var extensions = offered.HeaderExtensions
            .Where(e => e.Direction is null or SdpDirection.SendRecv or SdpDirection.SendOnly)
            .Where(e => headerExtensions.Any(h => h.Kind == kind && h.Uri == e.Uri))
            .Select(e => new RtpHeaderExtensionParameters(e.Uri, e.Id))
            .ToList();
        var browserSends = offer.GetDirection(offered) is SdpDirection.SendRecv or SdpDirection.SendOnly;

        var media = SdpSectionWriter.NewMedia(offered.Kind, offered.Protocol, SdpSectionWriter.Formats(codecs), transport);
        SdpSectionWriter.AddIceAndDtls(media, transport, setup);
        media.Add(new MidAttribute(mid));
        foreach (var e in extensions)
        {
            media.Add(new ExtmapAttribute(e.Id, null, e.Uri));
        }
        media.Add(new DirectionAttribute(browserSends ? SdpDirection.RecvOnly : SdpDirection.Inactive));
        if (offered.RtcpMux)
        {
            media.AddFlag("rtcp-mux");
        }
        if (offered.RtcpReducedSize)
        {
            media.AddFlag("rtcp-rsize");
        }
        SdpSectionWriter.AddCodecs(media, codecs);

        var sendStreams = offered.Simulcast?.Send ?? ValueList<SimulcastStream>.Empty;
        if (browserSends && sendStreams.Count > 0)
        {
            // RFC 8853 §5.3: the answer mirrors the offered rids with reversed direction.
            foreach (var rid in sendStreams.SelectMany(s => s.Alternatives))
            {
                media.Add(new RidAttribute(rid.Rid, RidDirection.Recv, ValueList<SdpParameter>.Empty));
            }
            media.Add(new SimulcastAttribute(ValueList<SimulcastStream>.Empty, sendStreams));
        }
        SdpSectionWriter.AddCandidates(media, transport);

        if (browserSends)
        {
            producers.Add(ReadProducer(offered, mid, kind, codecs, extensions));
        }
        return media;
    }

    /// <summary>
    /// The offered codecs the SFU supports, in the SFU's preference order, each followed by its RTX codec
    /// (RFC 4588) when the SFU supports RTX. Feedback is the intersection of offer and capability.
    /// </summary>
    private static List<RtpCodecParameters> NegotiateCodecs(MediaDescription offered, List<RtpCodecCapability> capabilities)
    {
        var offeredCodecs = offered.Codecs;
        var rtxSupported = capabilities.Any(c => c.MimeType.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase));
        var result = new List<RtpCodecParameters>();
        foreach (var cap in capabilities)
        {
            if (cap.MimeType.EndsWith("/rtx", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var codec in offeredCodecs)
            {
                if (result.Any(r => r.PayloadType == codec.PayloadType) || !CodecMatcher.Matches(offered.Kind, codec, cap))
                {
                    continue;
                }
                result.Add(SdpSectionWriter.ToRtpCodec(offered.Kind, codec, codec.Feedback.Where(cap.RtcpFeedback.Contains)));
                var apt = codec.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var rtx = offeredCodecs.FirstOrDefault(r =>
                    r.Name.Equals("rtx", StringComparison.OrdinalIgnoreCase) && r.Parameters.TryGetValue("apt", out var a) && a == apt);
                if (rtxSupported && rtx is not null)
                {
                    result.Add(SdpSectionWriter.ToRtpCodec(offered.Kind, rtx, []));
                }
            }
        }
        return result;
    }

    /// <summary>
    /// The producer's RTP parameters: encodings from the simulcast rids (first alternative of each stream,
    /// lowest layer first as browsers list them), else from <c>a=ssrc-group:SIM</c>, else from the first
    /// source; RTX SSRCs from <c>a=ssrc-group:FID</c> (RFC 5576 §4.2, RFC 4588 §8.1).
    /// </summary>
    private static ProducerParameters ReadProducer(
        MediaDescription offered, string mid, MediaKind kind, List<RtpCodecParameters> codecs, List<RtpHeaderExtensionParameters> extensions)
    {
        var sources = offered.Sources;
        var groups = offered.SsrcGroups;
        uint? RtxOf(uint ssrc) =>
            groups.FirstOrDefault(g => g.Semantics == SsrcGroupAttribute.Fid && g.Ssrcs.Count == 2 && g.Ssrcs[0] == ssrc)?.Ssrcs[1];

        var encodings = new List<RtpEncodingParameters>();
        var simulcast = offered.Simulcast?.Send;
        if (simulcast is { Count: > 0 })
        {
            encodings.AddRange(simulcast.Select(s => new RtpEncodingParameters(Rid: s.Alternatives[0].Rid)));
        }
        else if (offered.Rids.FirstOrDefault(r => r.Direction == RidDirection.Send) is { } rid)
        {
            encodings.Add(new RtpEncodingParameters(Rid: rid.Id));
        }
        else if (groups.FirstOrDefault(g => g.Semantics == SsrcGroupAttribute.Sim) is { } sim)
        {
            encodings.AddRange(sim.Ssrcs.Select(s => new RtpEncodingParameters(s, null, RtxOf(s))));
        }
        else if (sources.Count > 0)
        {
            // The first source that is not itself the RTX of another (FID lists primary first).
            var primary = sources.First(s => !groups.Any(g => g.Semantics == SsrcGroupAttribute.Fid && g.Ssrcs.Skip(1).Contains(s.Ssrc)));
            encodings.Add(new RtpEncodingParameters(primary.Ssrc, null, RtxOf(primary.Ssrc)));
        }
        else
        {
            // No SSRC signalled: the engine learns it from the mid header extension (RFC 8843 §9.2).
            encodings.Add(new RtpEncodingParameters());
        }

        var msid = offered.Msid;
        var source = sources.FirstOrDefault();
        var parameters = new RtpParameters
        {
            Mid = mid,
            Codecs = codecs,
            HeaderExtensions = extensions,
            Encodings = encodings,
            Rtcp = new RtcpParameters(source?.Cname, offered.RtcpReducedSize, offered.RtcpMux),
        };
        return new ProducerParameters(mid, kind, parameters, msid?.StreamId ?? source?.StreamId, msid?.TrackId ?? source?.TrackId);
    }
}
