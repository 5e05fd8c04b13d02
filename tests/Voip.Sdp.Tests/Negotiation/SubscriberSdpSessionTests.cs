namespace Voip.Sdp.Tests.Negotiation;

public sealed class SubscriberSdpSessionTests
{
    private static SubscriberSdpSession NewSession() => new(SfuTestData.Transport(), sessionId: 7);

    [Test]
    public void Offer_has_sendonly_bundled_sections_with_ssrcs_rtx_and_msid()
    {
        var session = NewSession();
        var audioMid = session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 1000, "a1"));
        var videoMid = session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 2000, "v1"));

        var offer = SdpParser.Parse(session.CreateOffer().ToString());

        Assert.That((audioMid, videoMid), Is.EqualTo(("0", "1")));
        Assert.That(offer.BundleMids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(offer.IceLite, Is.True);
        Assert.That(offer.Origin.SessionVersion, Is.EqualTo(1UL));
        var video = offer.Media[1];
        Assert.That(video.Direction, Is.EqualTo(SdpDirection.SendOnly));
        Assert.That(video.Setup, Is.EqualTo(SdpSetupRole.ActPass));
        Assert.That(video.Msid, Is.EqualTo(new MsidAttribute("stream-v1", "v1")));
        Assert.That(video.SsrcGroups.Single(), Is.EqualTo(new SsrcGroupAttribute("FID", [2000u, 2001u])));
        Assert.That(video.Sources, Is.EqualTo(new[]
        {
            new SdpSource(2000, "sfu-cname", "stream-v1", "v1"),
            new SdpSource(2001, "sfu-cname", "stream-v1", "v1"),
        }));
        Assert.That(video.Codecs.Select(c => c.ToString()), Is.EqualTo(new[] { "96 VP8/90000", "97 rtx/90000" }));
        Assert.That(video.Codecs[1].Parameters["apt"], Is.EqualTo("96"));
        Assert.That(offer.Media[0].Codecs.Single().ToString(), Is.EqualTo("111 opus/48000/2"));
        Assert.That(offer.Media[0].HeaderExtensions.Select(e => (e.Id, e.Uri)), Is.EqualTo(new[] { (4, SfuTestData.MidUri), (2, SfuTestData.AbsSendTimeUri) }));
    }

    [Test]
    public void Removed_consumer_closes_its_section_and_the_position_is_recycled_with_a_new_mid()
    {
        var session = NewSession();
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 1000, "a1"));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 2000, "v1"));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 3000, "a2"));
        session.CreateOffer();

        Assert.That(session.RemoveConsumer("1"), Is.True);
        var second = SdpParser.Parse(session.CreateOffer().ToString());

        Assert.That(second.Origin.SessionVersion, Is.EqualTo(2UL));
        Assert.That(second.Media.Select(m => m.Mid), Is.EqualTo(new[] { "0", "1", "2" }), "mids stay in place");
        Assert.That(second.Media[1].Port, Is.Zero);
        Assert.That(second.Media[1].Direction, Is.EqualTo(SdpDirection.Inactive));
        Assert.That(second.Media[1].Sources, Is.Empty);
        Assert.That(second.BundleMids, Is.EqualTo(new[] { "0", "2" }));

        var newMid = session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 4000, "v2"));
        var third = SdpParser.Parse(session.CreateOffer().ToString());

        Assert.That(newMid, Is.EqualTo("3"));
        Assert.That(third.Media.Select(m => m.Mid), Is.EqualTo(new[] { "0", "3", "2" }));
        Assert.That(third.Media[1].Sources[0].Ssrc, Is.EqualTo(4000u));
        Assert.That(third.BundleMids, Is.EqualTo(new[] { "0", "3", "2" }));
    }

    [Test]
    public void Removing_the_bundle_tag_makes_it_inactive_but_keeps_it_bundled()
    {
        var session = NewSession();
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 1000, "a1"));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 2000, "v1"));

        session.RemoveConsumer("0");
        var offer = SdpParser.Parse(session.CreateOffer().ToString());

        Assert.That(offer.Media[0].Port, Is.Not.Zero);
        Assert.That(offer.Media[0].Direction, Is.EqualTo(SdpDirection.Inactive));
        Assert.That(offer.Media[0].Sources, Is.Empty);
        Assert.That(offer.BundleMids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 5000, "a3")), Is.EqualTo("2"), "an inactive tag is not recycled");
        Assert.That(session.Slots, Has.Count.EqualTo(3));
    }

    [Test]
    public void Engine_chosen_mid_is_used_and_duplicates_refused()
    {
        var session = NewSession();
        var consumer = SfuTestData.Consumer(MediaKind.Audio, 1000, "a1");
        var withMid = consumer with { RtpParameters = new RtpParameters { Mid = "m7", Codecs = consumer.RtpParameters.Codecs, Encodings = consumer.RtpParameters.Encodings } };

        Assert.That(session.AddConsumer(withMid), Is.EqualTo("m7"));
        Assert.Throws<ArgumentException>(() => session.AddConsumer(withMid));
    }

    [Test]
    public void Data_channel_section_is_offered_when_added()
    {
        var session = new SubscriberSdpSession(SfuTestData.Transport(new SctpParameters()), sessionId: 1);
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 1000, "a1"));
        var dcMid = session.AddDataChannel();

        var offer = SdpParser.Parse(session.CreateOffer().ToString());

        Assert.That(offer.Media[1].Kind, Is.EqualTo("application"));
        Assert.That(offer.Media[1].Mid, Is.EqualTo(dcMid));
        Assert.That(offer.Media[1].SctpPort, Is.EqualTo(5000));
        Assert.That(offer.BundleMids, Is.EqualTo(new[] { "0", dcMid }));
    }

    [Test]
    public void Chromium_answer_gives_remote_dtls_ice_and_accepted_codecs()
    {
        // The recvonly fixture answers an audio (mid 0) + video (mid 1) offer; our offer has the same shape.
        var session = NewSession();
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 1000, "a1"));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 2000, "v1"));
        session.CreateOffer();
        var answer = SdpParser.Parse(Fixture.Read("chromium-recvonly-answer.sdp"));

        var result = session.ApplyAnswer(answer);

        Assert.That(result.RemoteDtls.Role, Is.EqualTo(DtlsRole.Client));
        Assert.That(result.LocalDtlsRole, Is.EqualTo(DtlsRole.Server));
        Assert.That(result.RemoteDtls.Fingerprints.Single().Algorithm, Is.EqualTo("sha-256"));
        Assert.That(result.RemoteIce.Ufrag, Is.EqualTo(answer.Media[0].IceUfrag));
        Assert.That(result.CodecsByMid["0"].Select(c => c.MimeType), Is.EqualTo(new[] { "audio/opus" }));
        Assert.That(result.CodecsByMid["1"].Select(c => c.MimeType), Is.EqualTo(new[] { "video/VP8", "video/rtx" }));
        Assert.That(result.RejectedMids, Is.Empty);
        Assert.That(session.PendingOffer, Is.Null);
    }

    [Test]
    public void Answer_with_wrong_sections_is_refused()
    {
        var session = NewSession();
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 2000, "v1"));
        session.CreateOffer();
        var answer = SdpParser.Parse(Fixture.Read("chromium-recvonly-answer.sdp"));

        var ex = Assert.Throws<SdpNegotiationException>(() => session.ApplyAnswer(answer))!;

        Assert.That(ex.Message, Does.Contain("the answer has 2 m-sections, the offer 1"));
    }

    [Test]
    public void Answer_without_a_pending_offer_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => NewSession().ApplyAnswer(new SessionDescription()));
    }
}
