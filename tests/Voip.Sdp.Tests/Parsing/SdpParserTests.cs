namespace Voip.Sdp.Tests.Parsing;

public sealed class SdpParserTests
{
    [Test]
    public void Audio_video_offer_exposes_session_and_sections()
    {
        var sdp = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));

        Assert.That(sdp.Origin.Username, Is.EqualTo("-"));
        Assert.That(sdp.Origin.SessionVersion, Is.EqualTo(2UL));
        Assert.That(sdp.BundleMids, Is.EqualTo(new[] { "0", "1" }));
        Assert.That(sdp.ExtmapAllowMixed, Is.True);
        Assert.That(sdp.Find<MsidSemanticAttribute>()!.Semantic, Is.EqualTo("WMS"));
        Assert.That(sdp.Media.Select(m => m.Kind), Is.EqualTo(new[] { "audio", "video" }));
        var audio = sdp.Media[0];
        Assert.That(audio.Mid, Is.EqualTo("0"));
        Assert.That(audio.Protocol, Is.EqualTo("UDP/TLS/RTP/SAVPF"));
        Assert.That(audio.PayloadTypes, Has.Count.EqualTo(audio.Formats.Count));
        Assert.That(audio.RtcpMux && audio.RtcpReducedSize, Is.True);
        Assert.That(sdp.GetDirection(audio), Is.EqualTo(SdpDirection.SendRecv));
        Assert.That(audio.Setup, Is.EqualTo(SdpSetupRole.ActPass));
        Assert.That(audio.IceOptions, Does.Contain("trickle"));
    }

    [Test]
    public void Opus_codec_joins_rtpmap_fmtp_and_rtcp_fb()
    {
        var audio = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp")).Media[0];

        var opus = audio.Codecs[0];

        Assert.That(opus.Name, Is.EqualTo("opus"));
        Assert.That(opus.MimeType("audio"), Is.EqualTo("audio/opus"));
        Assert.That(opus.ClockRate, Is.EqualTo(48000u));
        Assert.That(opus.Channels, Is.EqualTo(2));
        Assert.That(opus.Parameters.Keys, Is.EqualTo(new[] { "minptime", "useinbandfec" }));
        Assert.That(opus.Parameters["useinbandfec"], Is.EqualTo("1"));
        Assert.That(opus.Feedback, Does.Contain(new RtcpFeedback("transport-cc")));
        var red = audio.Codecs.Single(c => c.Name == "red");
        Assert.That(red.Parameters.Keys, Is.EqualTo(new[] { "111/111" }), "a bare fmtp token is kept as a key");
    }

    [Test]
    public void Video_codecs_carry_rtx_apt_and_feedback()
    {
        var video = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp")).Media[1];

        var vp8 = video.Codecs.Single(c => c.Name == "VP8");
        var rtx = video.Codecs.Single(c => c.Name == "rtx" && c.Parameters["apt"] == vp8.PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(vp8.Feedback, Does.Contain(new RtcpFeedback("nack", "pli")).And.Contain(new RtcpFeedback("ccm", "fir")));
        Assert.That(rtx.ClockRate, Is.EqualTo(90000u));
        Assert.That(video.Codecs.Select(c => c.PayloadType), Is.EqualTo(video.PayloadTypes), "codecs follow m= line order");
    }

    [Test]
    public void Header_extensions_sources_and_groups_are_typed()
    {
        var video = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp")).Media[1];

        Assert.That(video.HeaderExtensions.Select(e => e.Uri), Does.Contain("urn:ietf:params:rtp-hdrext:sdes:mid"));
        var fid = video.SsrcGroups.Single();
        Assert.That(fid.Semantics, Is.EqualTo("FID"));
        Assert.That(fid.Ssrcs, Has.Count.EqualTo(2));
        var sources = video.Sources;
        Assert.That(sources.Select(s => s.Ssrc), Is.EqualTo(fid.Ssrcs));
        Assert.That(sources[0].Cname, Is.Not.Null.And.Not.Empty);
        Assert.That(sources[0].TrackId, Is.EqualTo(video.Msid!.TrackId));
    }

    [Test]
    public void Simulcast_offer_has_send_rids_and_simulcast_list()
    {
        var video = SdpParser.Parse(Fixture.Read("chromium-simulcast-offer.sdp")).Media[1];

        Assert.That(video.Rids.Select(r => (r.Id, r.Direction)), Is.EqualTo(new[] { ("q", RidDirection.Send), ("h", RidDirection.Send), ("f", RidDirection.Send) }));
        Assert.That(video.Simulcast!.Send.Select(s => s.ToString()), Is.EqualTo(new[] { "q", "h", "f" }));
        Assert.That(video.Simulcast.Recv, Is.Empty);
        Assert.That(video.Direction, Is.EqualTo(SdpDirection.SendOnly));
    }

    [Test]
    public void Candidates_are_fully_parsed_and_extensions_kept()
    {
        var sdp = SdpParser.Parse(Fixture.Read("chromium-audio-video-offer.sdp"));
        var audio = sdp.Media[0];

        var udp = audio.Candidates.First(c => c.Transport == "udp");
        var tcp = audio.Candidates.First(c => c.Transport == "tcp");

        Assert.That(udp.Type, Is.EqualTo("host"));
        Assert.That(udp.Generation, Is.EqualTo(0u));
        Assert.That(udp.Extensions.Select(e => e.Name), Does.Contain("network-id"));
        Assert.That(tcp.TcpType, Is.EqualTo("active"));
        Assert.That(sdp.GetCandidates(audio), Has.Count.EqualTo(audio.Candidates.Count));
    }

    [Test]
    public void Ice_and_dtls_fall_back_to_session_level()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:sess\r\na=ice-pwd:0123456789012345678901\r\n"
            + "a=fingerprint:sha-256 AB:CD\r\na=setup:active\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:a\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:b\r\na=ice-ufrag:med1\r\na=ice-pwd:abcdefghijabcdefghijab\r\na=setup:passive\r\n";
        var sdp = SdpParser.Parse(text);

        Assert.That(sdp.GetIceParameters(sdp.Media[0]), Is.EqualTo(new IceParameters("sess", "0123456789012345678901")));
        Assert.That(sdp.GetIceParameters(sdp.Media[1])!.Ufrag, Is.EqualTo("med1"));
        Assert.That(sdp.GetDtlsParameters(sdp.Media[0])!.Role, Is.EqualTo(DtlsRole.Client));
        Assert.That(sdp.GetDtlsParameters(sdp.Media[1])!.Role, Is.EqualTo(DtlsRole.Server));
        Assert.That(sdp.GetDtlsParameters(sdp.Media[1])!.Fingerprints.Single().Value, Is.EqualTo("AB:CD"));
        Assert.That(sdp.Media[0].Codecs.Single().Name, Is.EqualTo("PCMU"), "static payload type without rtpmap");
    }

    [Test]
    public void Data_channel_offer_has_sctp_parameters()
    {
        var media = SdpParser.Parse(Fixture.Read("chromium-datachannel-offer.sdp")).Media.Single();

        Assert.That(media.Kind, Is.EqualTo("application"));
        Assert.That(media.Protocol, Is.EqualTo("UDP/DTLS/SCTP"));
        Assert.That(media.Formats, Is.EqualTo(new[] { "webrtc-datachannel" }));
        Assert.That(media.SctpPort, Is.EqualTo(5000));
        Assert.That(media.MaxMessageSize, Is.EqualTo(262144UL));
        Assert.That(media.Codecs, Is.Empty);
    }

    [Test]
    public void Unknown_attributes_round_trip_as_generic()
    {
        const string text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=x-session:hello world\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=x-flag\r\na=rtcp-xr:rcvr-rtt=all\r\na=framerate:30\r\n";

        var sdp = SdpParser.Parse(text);

        Assert.That(sdp.Attributes.Single(), Is.EqualTo(new GenericAttribute("x-session", "hello world")));
        Assert.That(sdp.Media[0].HasFlag("x-flag"), Is.True);
        Assert.That(sdp.ToString(), Is.EqualTo(text));
    }

    [TestCase("a=simulcast:send q;h;f", "q;h;f", "")]
    [TestCase("a=simulcast:recv a,b;~c send 1", "1", "a,b;~c")]
    [TestCase("a=simulcast:send 1,~2;3 recv 4", "1,~2;3", "4")]
    public void Simulcast_alternatives_and_paused_rids(string line, string send, string recv)
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n" + line + "\r\n";

        var sdp = SdpParser.Parse(text);
        var simulcast = sdp.Media[0].Simulcast!;

        Assert.That(string.Join(';', simulcast.Send), Is.EqualTo(send));
        Assert.That(string.Join(';', simulcast.Recv), Is.EqualTo(recv));
        Assert.That(sdp.ToString(), Is.EqualTo(text), "written in the original order");
    }

    [Test]
    public void Paused_simulcast_rid_is_flagged()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=simulcast:recv a,~b\r\n";

        var alternatives = SdpParser.Parse(text).Media[0].Simulcast!.Recv[0].Alternatives;

        Assert.That(alternatives, Is.EqualTo(new[] { new SimulcastRid("a"), new SimulcastRid("b", Paused: true) }));
    }

    [Test]
    public void Rid_restrictions_keep_order_and_payload_types()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\na=mid:0\r\n"
            + "a=rid:hi send pt=96,97;max-width=1280;max-height=720\r\na=rid:lo recv\r\n";

        var sdp = SdpParser.Parse(text);
        var hi = sdp.Media[0].Rids[0];

        Assert.That(hi.PayloadTypes, Is.EqualTo(new[] { 96, 97 }));
        Assert.That(hi.Restrictions.Select(r => r.Name), Is.EqualTo(new[] { "pt", "max-width", "max-height" }));
        Assert.That(sdp.Media[0].Rids[1].Direction, Is.EqualTo(RidDirection.Recv));
        Assert.That(sdp.ToString(), Is.EqualTo(text));
    }

    [Test]
    public void Extmap_direction_and_attributes()
    {
        var text = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\n"
            + "a=extmap:3/sendonly urn:x:ext attr1 attr2\r\na=extmap:200 urn:y\r\n";

        var sdp = SdpParser.Parse(text);

        Assert.That(sdp.Media[0].HeaderExtensions, Is.EqualTo(new[]
        {
            new ExtmapAttribute(3, SdpDirection.SendOnly, "urn:x:ext", "attr1 attr2"),
            new ExtmapAttribute(200, null, "urn:y"),
        }));
        Assert.That(sdp.ToString(), Is.EqualTo(text));
    }

    [TestCase("candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.0.2.2 rport 46154 generation 0 ufrag sXS8 network-cost 999")]
    [TestCase("candidate:1 1 TCP 2105524479 192.0.2.2 9 typ host tcptype passive")]
    [TestCase("candidate:abc+/ 2 udp 1 ::1 5000 typ relay raddr 0.0.0.0 rport 0")]
    [TestCase("candidate:3 1 udp 2122260223 4f1e2b6a-7a3d-4d1e-9d3c-6f1e2b6a7a3d.local 60000 typ host generation 0")]
    public void Trickled_candidate_round_trips(string text)
    {
        var candidate = CandidateAttribute.Parse(text);

        Assert.That(candidate.ToString(), Is.EqualTo("a=" + text));
    }

    [Test]
    public void Trickled_candidate_fields()
    {
        var c = CandidateAttribute.Parse("a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 192.0.2.2 rport 46154 generation 0 ufrag sXS8");

        Assert.That((c.Foundation, c.Component, c.Transport, c.Priority, c.Address, c.Port, c.Type), Is.EqualTo(("842163049", 1, "udp", 1677729535u, "203.0.113.7", 46154, "srflx")));
        Assert.That((c.RelatedAddress, c.RelatedPort, c.Generation), Is.EqualTo(("192.0.2.2", (int?)46154, (uint?)0u)));
        Assert.That(c.Extensions.Single(), Is.EqualTo(new SdpParameter("ufrag", "sXS8")));
    }

    [Test]
    public void Answer_fixtures_have_roles_and_directions()
    {
        var answer = SdpParser.Parse(Fixture.Read("chromium-recvonly-answer.sdp"));

        Assert.That(answer.Media.Select(answer.GetDirection), Is.All.EqualTo(SdpDirection.RecvOnly));
        Assert.That(answer.GetDtlsParameters(answer.Media[0])!.Role, Is.EqualTo(DtlsRole.Client), "Chromium answers a=setup:active");
    }
}
