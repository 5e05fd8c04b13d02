namespace Voip.Sdp.Tests.Negotiation;

public sealed class SdpAnswerBuilderTests
{
    private static PublisherAnswer Answer(string fixture, TransportParameters? transport = null) =>
        SdpAnswerBuilder.BuildPublisherAnswer(SdpParser.Parse(Fixture.Read(fixture)), transport ?? SfuTestData.Transport(),
            SfuTestData.Codecs, SfuTestData.HeaderExtensions, sessionId: 42);

    [Test]
    public void Answer_to_audio_video_offer_is_recvonly_ice_lite_passive_and_bundled()
    {
        var result = Answer("chromium-audio-video-offer.sdp");
        var answer = SdpParser.Parse(result.Answer.ToString());

        Assert.That(answer, Is.EqualTo(result.Answer), "the written answer parses back to the same model");
        Assert.That(answer.IceLite, Is.True);
        Assert.That(answer.BundleMids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(answer.Origin.SessionId, Is.EqualTo(42UL));
        foreach (var m in answer.Media)
        {
            Assert.That(m.Direction, Is.EqualTo(SdpDirection.RecvOnly));
            Assert.That(m.Setup, Is.EqualTo(SdpSetupRole.Passive));
            Assert.That(answer.GetIceParameters(m), Is.EqualTo(SfuTestData.Transport().Ice));
            Assert.That(m.Candidates.Select(c => c.Port), Is.EqualTo(new[] { 40000, 40001 }));
            Assert.That(m.EndOfCandidates && m.RtcpMux && m.RtcpReducedSize, Is.True);
            Assert.That(m.Port, Is.EqualTo(40000));
        }
        Assert.That(result.LocalDtlsRole, Is.EqualTo(DtlsRole.Server));
        Assert.That(result.RejectedMids, Is.Empty);
    }

    [Test]
    public void Answer_codecs_keep_offered_payload_types_in_sfu_preference_order()
    {
        var offer = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        var result = Answer("chromium-audio-video-offer.sdp");

        var audio = result.Answer.Media[0].Codecs;
        Assert.That(audio.Select(c => c.Name), Is.EqualTo(new[] { "opus" }));
        Assert.That(audio[0].PayloadType, Is.EqualTo(offer.Media[0].Codecs.Single(c => c.Name == "opus").PayloadType));

        var video = result.Answer.Media[1].Codecs;
        var offeredVideo = offer.Media[1].Codecs;
        Assert.That(video.Select(c => c.Name).Distinct(), Is.EqualTo(new[] { "VP8", "rtx", "H264" }));
        foreach (var codec in video)
        {
            var offered = offeredVideo.Single(c => c.PayloadType == codec.PayloadType);
            Assert.That(offered.Name, Is.EqualTo(codec.Name), "payload type means the same codec as in the offer");
            Assert.That(codec.Parameters, Is.EqualTo(offered.Parameters));
        }
        var h264 = video.Where(c => c.Name == "H264").ToList();
        Assert.That(h264, Has.Count.EqualTo(1));
        Assert.That(h264[0].Parameters["profile-level-id"], Does.StartWith("42e0"));
        Assert.That(h264[0].Parameters["packetization-mode"], Is.EqualTo("1"));
        var rtx = video.Where(c => c.Name == "rtx").Select(c => c.Parameters["apt"]);
        Assert.That(rtx, Is.EquivalentTo(video.Where(c => c.Name != "rtx").Select(c => c.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.That(video[0].Feedback, Does.Contain(new RtcpFeedback("nack", "pli")));
    }

    [Test]
    public void Answer_header_extensions_are_the_supported_ones_with_offer_ids()
    {
        var offer = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        var result = Answer("chromium-audio-video-offer.sdp");

        var video = result.Answer.Media[1].HeaderExtensions;
        Assert.That(video.Select(e => e.Uri), Is.EquivalentTo(new[]
            { SfuTestData.MidUri, SfuTestData.RidUri, SfuTestData.RepairedRidUri, SfuTestData.AbsSendTimeUri, SfuTestData.TwccUri }));
        foreach (var e in video)
        {
            Assert.That(e.Id, Is.EqualTo(offer.Media[1].HeaderExtensions.Single(o => o.Uri == e.Uri).Id));
        }
    }

    [Test]
    public void Producers_carry_codecs_extensions_ssrcs_rtx_and_msid()
    {
        var offer = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        var result = Answer("chromium-audio-video-offer.sdp");

        Assert.That(result.Producers.Select(p => (p.Mid, p.Kind)), Is.EqualTo(new[] { ("0", MediaKind.Audio), ("1", MediaKind.Video) }));
        var audio = result.Producers[0].RtpParameters;
        Assert.That(audio.Codecs[0].MimeType, Is.EqualTo("audio/opus"));
        Assert.That(audio.Codecs[0].Channels, Is.EqualTo(2));
        Assert.That(audio.Encodings.Single().Ssrc, Is.EqualTo(offer.Media[0].Sources[0].Ssrc));
        Assert.That(audio.Rtcp.Cname, Is.EqualTo(offer.Media[0].Sources[0].Cname));
        Assert.That(audio.Rtcp.ReducedSize, Is.True);

        var video = result.Producers[1];
        var fid = offer.Media[1].SsrcGroups.Single(g => g.Semantics == "FID");
        Assert.That(video.RtpParameters.Encodings, Is.EqualTo(new[] { new RtpEncodingParameters(fid.Ssrcs[0], null, fid.Ssrcs[1]) }));
        Assert.That(video.RtpParameters.HeaderExtensions, Does.Contain(new RtpHeaderExtensionParameters(SfuTestData.MidUri,
            offer.Media[1].HeaderExtensions.Single(e => e.Uri == SfuTestData.MidUri).Id)));
        Assert.That(video.RtpParameters.Codecs.Select(c => c.MimeType), Is.EqualTo(result.Answer.Media[1].Codecs.Select(c => "video/" + c.Name)));
        Assert.That(video.TrackId, Is.EqualTo(offer.Media[1].Msid!.TrackId));
        Assert.That(video.StreamId, Is.EqualTo(offer.Media[1].Msid!.StreamId));
        Assert.That(result.RemoteIce, Is.EqualTo(offer.GetIceParameters(offer.Media[0])));
        Assert.That(result.RemoteDtls.Fingerprints[0].Value, Is.EqualTo(offer.Media[0].Fingerprints[0].Value));
    }

    [Test]
    public void Simulcast_offer_gets_rid_recv_and_simulcast_recv_and_rid_encodings()
    {
        var result = Answer("chromium-simulcast-offer.sdp");
        var video = result.Answer.Media[1];

        Assert.That(video.Rids.Select(r => r.ToString()), Is.EqualTo(new[] { "a=rid:q recv", "a=rid:h recv", "a=rid:f recv" }));
        Assert.That(video.Simulcast!.ToString(), Is.EqualTo("a=simulcast:recv q;h;f"));
        Assert.That(result.Producers[1].RtpParameters.Encodings.Select(e => e.Rid), Is.EqualTo(new[] { "q", "h", "f" }));
        Assert.That(result.Producers[1].RtpParameters.Encodings.Select(e => e.Ssrc), Is.All.Null);
        Assert.That(result.Answer.Media[0].Simulcast, Is.Null);
    }

    [Test]
    public void Legacy_sim_group_offer_gives_ssrc_encodings_with_rtx()
    {
        var text = Fixture.Read("chromium-audio-video-offer.sdp").Replace("a=ssrc-group:FID", "a=ssrc-group:SIM 100 200\r\na=ssrc-group:FID 100 101\r\na=ssrc-group:FID 200 201\r\na=x-old-fid:", StringComparison.Ordinal);

        var result = SdpAnswerBuilder.BuildPublisherAnswer(SdpParser.Parse(text), SfuTestData.Transport(), SfuTestData.Codecs, SfuTestData.HeaderExtensions);

        Assert.That(result.Producers[1].RtpParameters.Encodings, Is.EqualTo(new[]
            { new RtpEncodingParameters(100, null, 101), new RtpEncodingParameters(200, null, 201) }));
    }

    [Test]
    public void Data_channel_is_answered_when_the_transport_has_sctp()
    {
        var result = Answer("chromium-datachannel-offer.sdp", SfuTestData.Transport(new SctpParameters(5000, 65536)));
        var dc = result.Answer.Media.Single();

        Assert.That((dc.Port, dc.Protocol, dc.SctpPort, dc.MaxMessageSize), Is.EqualTo((40000, "UDP/DTLS/SCTP", (int?)5000, (ulong?)65536)));
        Assert.That(dc.Formats, Is.EqualTo(new[] { "webrtc-datachannel" }));
        Assert.That(result.Producers, Is.Empty);
    }

    [Test]
    public void Data_channel_only_offer_without_sctp_cannot_be_answered()
    {
        var ex = Assert.Throws<SdpNegotiationException>(() => Answer("chromium-datachannel-offer.sdp"))!;
        Assert.That(ex.Message, Does.Contain("no m-section the SFU can accept"));
    }

    [Test]
    public void Section_without_a_supported_codec_is_rejected_and_left_out_of_bundle()
    {
        var offer = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        var audioOnly = SfuTestData.Codecs.Where(c => c.Kind == MediaKind.Audio).ToList();

        var result = SdpAnswerBuilder.BuildPublisherAnswer(offer, SfuTestData.Transport(), audioOnly, SfuTestData.HeaderExtensions);

        Assert.That(result.RejectedMids, Is.EqualTo(new[] { "1" }));
        Assert.That(result.Answer.Media[1].Port, Is.Zero);
        Assert.That(result.Answer.Media[1].Mid, Is.EqualTo("1"));
        Assert.That(result.Answer.BundleMids, Is.EqualTo(new[] { "0" }));
        Assert.That(result.Producers.Select(p => p.Kind), Is.EqualTo(new[] { MediaKind.Audio }));
    }

    [Test]
    public void Recvonly_offer_section_is_answered_inactive_without_producer()
    {
        var text = Fixture.Read("chromium-audio-video-offer.sdp");
        var index = text.IndexOf("a=sendrecv", text.IndexOf("m=video", StringComparison.Ordinal), StringComparison.Ordinal);
        var offer = SdpParser.Parse(text[..index] + "a=recvonly" + text[(index + "a=sendrecv".Length)..]);

        var result = SdpAnswerBuilder.BuildPublisherAnswer(offer, SfuTestData.Transport(), SfuTestData.Codecs, SfuTestData.HeaderExtensions);

        Assert.That(result.Answer.Media[1].Direction, Is.EqualTo(SdpDirection.Inactive));
        Assert.That(result.Producers.Select(p => p.Mid), Is.EqualTo(new[] { "0" }));
    }

    [Test]
    public void Offer_without_ice_credentials_is_refused()
    {
        var text = string.Join("\r\n", Fixture.Read("chromium-audio-video-offer.sdp").Split("\r\n").Where(l => !l.StartsWith("a=ice-ufrag", StringComparison.Ordinal)));

        var ex = Assert.Throws<SdpNegotiationException>(() =>
            SdpAnswerBuilder.BuildPublisherAnswer(SdpParser.Parse(text), SfuTestData.Transport(), SfuTestData.Codecs, SfuTestData.HeaderExtensions))!;

        Assert.That(ex.Message, Does.Contain("mid=0 has no a=ice-ufrag"));
    }

    [Test]
    public void Offer_with_setup_passive_makes_the_sfu_the_dtls_client()
    {
        var text = Fixture.Read("chromium-audio-video-offer.sdp").Replace("a=setup:actpass", "a=setup:passive", StringComparison.Ordinal);

        var result = SdpAnswerBuilder.BuildPublisherAnswer(SdpParser.Parse(text), SfuTestData.Transport(), SfuTestData.Codecs, SfuTestData.HeaderExtensions);

        Assert.That(result.LocalDtlsRole, Is.EqualTo(DtlsRole.Client));
        Assert.That(result.Answer.Media.Select(m => m.Setup), Is.All.EqualTo(SdpSetupRole.Active));
    }
}
