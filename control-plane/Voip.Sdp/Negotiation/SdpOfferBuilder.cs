namespace Voip.Sdp;

/// <summary>
/// Builds the SFU's offer to a subscriber (JSEP, RFC 8829 §5.2): one <c>sendonly</c> m-section per consumer,
/// all in one BUNDLE group, ICE-lite, <c>a=setup:actpass</c>, SSRCs with <c>a=ssrc-group:FID</c> for RTX,
/// and reads the subscriber's answer. <see cref="SubscriberSdpSession"/> keeps the slots stable across
/// renegotiations; this class is the stateless part.
/// </summary>
public static class SdpOfferBuilder
{
    public static SessionDescription BuildSubscriberOffer(
        TransportParameters transport, IReadOnlyList<SubscriberSlot> slots, ulong sessionId, ulong version)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.Count > SdpLimits.MaxMediaSections)
        {
            throw new ArgumentException($"a subscriber offer can have at most {SdpLimits.MaxMediaSections} m-sections", nameof(slots));
        }
        var offer = SdpSectionWriter.NewSession(sessionId, version, iceLite: transport.Ice.Lite);
        var bundle = new List<string>();
        foreach (var slot in slots)
        {
            offer.Media.Add(slot.State == SubscriberSlotState.Closed ? ClosedSection(slot) : OpenSection(slot, transport));
            if (slot.State != SubscriberSlotState.Closed)
            {
                bundle.Add(slot.Mid);
            }
        }
        if (bundle.Count > 0)
        {
            offer.Add(new GroupAttribute(GroupAttribute.Bundle, [.. bundle]));
        }
        offer.AddFlag("extmap-allow-mixed");
        offer.Add(new MsidSemanticAttribute("WMS", ["*"]));
        return offer;
    }

    /// <summary>
    /// Reads a subscriber's answer to <paramref name="offer"/>: its ICE and DTLS parameters (taken from the
    /// BUNDLE-tagged section) and, per mid, the codecs it accepted. Throws <see cref="SdpNegotiationException"/>
    /// when the answer does not match the offer's m-sections (RFC 3264 §6).
    /// </summary>
    public static SubscriberAnswer ReadSubscriberAnswer(SessionDescription offer, SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Media.Count != offer.Media.Count)
        {
            throw new SdpNegotiationException($"the answer has {answer.Media.Count} m-sections, the offer {offer.Media.Count}");
        }
        var codecsByMid = new Dictionary<string, IReadOnlyList<RtpCodecParameters>>(StringComparer.Ordinal);
        var rejected = new List<string>();
        IceParameters? ice = null;
        DtlsParameters? dtls = null;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var o = offer.Media[i];
            var a = answer.Media[i];
            if (a.Kind != o.Kind || a.Mid != o.Mid)
            {
                throw new SdpNegotiationException(
                    $"answer m-section {i} is {a.Kind} mid={a.Mid ?? "(none)"}, the offer's is {o.Kind} mid={o.Mid ?? "(none)"}");
            }
            var mid = o.Mid!;
            if (o.IsRejected)
            {
                continue;
            }
            if (a.IsRejected)
            {
                rejected.Add(mid);
                continue;
            }
            if (ice is null)
            {
                ice = answer.GetIceParameters(a) ?? throw new SdpNegotiationException($"answer m-section mid={mid} has no ICE credentials");
                dtls = answer.GetDtlsParameters(a) ?? throw new SdpNegotiationException($"answer m-section mid={mid} has no a=fingerprint");
            }
            if (a.IsRtp)
            {
                var offeredPts = o.PayloadTypes;
                var codecs = a.Codecs.Where(c => offeredPts.Contains(c.PayloadType)).Select(c => SdpSectionWriter.ToRtpCodec(a.Kind, c)).ToList();
                if (codecs.Count == 0)
                {
                    throw new SdpNegotiationException($"answer m-section mid={mid} accepts none of the offered payload types");
                }
                codecsByMid[mid] = codecs;
            }
        }
        if (ice is null || dtls is null)
        {
            throw new SdpNegotiationException("the answer accepts no m-section");
        }
        // RFC 8842 §5.3: the answerer to an actpass offer picks active (it is the DTLS client) or passive.
        var localRole = dtls.Role switch
        {
            DtlsRole.Client => DtlsRole.Server,
            DtlsRole.Server => DtlsRole.Client,
            _ => throw new SdpNegotiationException("the answer's a=setup must be active or passive, not actpass"),
        };
        return new SubscriberAnswer(ice, dtls, localRole, codecsByMid, rejected);
    }

    private static MediaDescription ClosedSection(SubscriberSlot slot)
    {
        var formats = slot.Consumer is { } c ? SdpSectionWriter.Formats(c.RtpParameters.Codecs).Take(1) : ["webrtc-datachannel"];
        var protocol = slot.Kind == SubscriberSlot.ApplicationKind ? MediaDescription.DataChannelProtocol : MediaDescription.WebRtcProtocol;
        return SdpSectionWriter.Rejected(slot.Kind, protocol, formats, slot.Mid);
    }

    private static MediaDescription OpenSection(SubscriberSlot slot, TransportParameters transport)
    {
        if (slot.Kind == SubscriberSlot.ApplicationKind)
        {
            var sctp = transport.Sctp ?? throw new ArgumentException("a data channel slot needs TransportParameters.Sctp", nameof(transport));
            var dc = SdpSectionWriter.NewMedia(slot.Kind, MediaDescription.DataChannelProtocol, ["webrtc-datachannel"], transport);
            SdpSectionWriter.AddIceAndDtls(dc, transport, SdpSetupRole.ActPass);
            dc.Add(new MidAttribute(slot.Mid));
            dc.Add(new SctpPortAttribute(sctp.Port));
            dc.Add(new MaxMessageSizeAttribute(sctp.MaxMessageSize));
            SdpSectionWriter.AddCandidates(dc, transport);
            return dc;
        }
        var consumer = slot.Consumer ?? throw new ArgumentException($"slot mid={slot.Mid} has no consumer", nameof(slot));
        var rtp = consumer.RtpParameters;
        if (rtp.Codecs.Count == 0)
        {
            throw new ArgumentException($"consumer of mid={slot.Mid} has no codec", nameof(slot));
        }
        var media = SdpSectionWriter.NewMedia(slot.Kind, MediaDescription.WebRtcProtocol, SdpSectionWriter.Formats(rtp.Codecs), transport);
        SdpSectionWriter.AddIceAndDtls(media, transport, SdpSetupRole.ActPass);
        media.Add(new MidAttribute(slot.Mid));
        foreach (var e in rtp.HeaderExtensions)
        {
            media.Add(new ExtmapAttribute(e.Id, null, e.Uri));
        }
        var active = slot.State == SubscriberSlotState.Active;
        media.Add(new DirectionAttribute(active ? SdpDirection.SendOnly : SdpDirection.Inactive));
        if (active)
        {
            media.Add(new MsidAttribute(consumer.StreamId, consumer.TrackId));
        }
        media.AddFlag("rtcp-mux");
        if (rtp.Rtcp.ReducedSize)
        {
            media.AddFlag("rtcp-rsize");
        }
        SdpSectionWriter.AddCodecs(media, rtp.Codecs);
        if (active)
        {
            AddSources(media, consumer);
        }
        SdpSectionWriter.AddCandidates(media, transport);
        return media;
    }

    private static void AddSources(MediaDescription media, ConsumerParameters consumer)
    {
        var rtp = consumer.RtpParameters;
        var cname = rtp.Rtcp.Cname ?? consumer.StreamId;
        var msid = consumer.StreamId + " " + consumer.TrackId;
        foreach (var e in rtp.Encodings)
        {
            if (e is { Ssrc: { } ssrc, RtxSsrc: { } rtx })
            {
                media.Add(new SsrcGroupAttribute(SsrcGroupAttribute.Fid, [ssrc, rtx]));
            }
        }
        foreach (var e in rtp.Encodings)
        {
            foreach (var ssrc in new[] { e.Ssrc, e.RtxSsrc })
            {
                if (ssrc is { } s)
                {
                    media.Add(new SsrcAttribute(s, "cname", cname));
                    media.Add(new SsrcAttribute(s, "msid", msid));
                }
            }
        }
    }
}
