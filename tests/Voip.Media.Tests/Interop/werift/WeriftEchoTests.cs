using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Werift;

/// <summary>
/// werift — a second WebRTC stack, written independently of Chromium's — against the shipped AOT
/// engine in echo mode: ICE-lite, DTLS and SRTP must interoperate for werift to get its own audio
/// and video back, re-stamped with the engine's SSRCs.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class WeriftEchoTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(15);
    private EngineProcess _engine = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await WeriftPeer.EnsureInstalledAsync();
        _engine = await EngineProcess.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_engine is not null)
        {
            TestContext.Out.WriteLine("--- engine log ---\n" + _engine.LogText);
            await _engine.DisposeAsync();
        }
    }

    // werift implements these two of the engine's three profiles.
    [TestCase(SrtpProfile.AeadAes128Gcm, 7)]
    [TestCase(SrtpProfile.Aes128CmHmacSha180, 1)]
    public async Task WeriftGetsItsAudioAndVideoEchoed(SrtpProfile profile, int weriftProfileNumber)
    {
        await using var peer = await WeriftPeer.StartAsync();
        var offer = await peer.CreateOfferAsync(audio: true, video: true);
        var (transportId, answer) = await ConnectEchoAsync(offer.Sdp, profile);
        var tracks = await peer.SetAnswerAsync(answer.Sdp);
        Assert.That(tracks.Select(t => t.Codec), Is.EqualTo(new[] { "audio/opus", "video/VP8" }).IgnoreCase);

        var connected = await peer.WaitForStatsAsync(s => s.ConnectionState == "connected", MediaTimeout);
        Assert.That(connected.ConnectionState, Is.EqualTo("connected"), $"{connected}\n{peer.LogText}");
        await peer.StartSendingAsync(0, rate: 50);
        await peer.StartSendingAsync(1, rate: 15);

        var stats = await peer.WaitForStatsAsync(
            s => s.PacketsReceived("audio") > 100 && s.PacketsReceived("video") > 60 && s.KeyFramesReceived > 0, MediaTimeout);
        TestContext.Out.WriteLine($"werift: {stats}");
        var engineStats = await _engine.Client.GetTransportStatsAsync(new GetTransportStatsRequest { TransportId = transportId });
        TestContext.Out.WriteLine($"engine: {engineStats}");

        Assert.That(stats.DtlsState, Is.EqualTo("connected"));
        Assert.That(stats.SrtpProfile, Is.EqualTo(weriftProfileNumber));
        Assert.That(engineStats.SrtpProfile, Is.EqualTo(profile));
        Assert.That(engineStats.SrtpUnprotectFailures, Is.Zero);

        // Each echoed stream comes back on the SSRC the answer announced, routed to the m-line it left from.
        for (int i = 0; i < 2; i++)
        {
            var echoed = stats.BySsrc(answer.Streams[i].OutputSsrc);
            Assert.That(echoed, Is.Not.Null, $"nothing received on echo SSRC {answer.Streams[i].OutputSsrc}: {stats}");
            Assert.That(echoed!.Mid, Is.EqualTo(offer.Tracks[i].Mid));
            Assert.That(stats.ByMid(offer.Tracks[i].Mid!)!.Packets, Is.EqualTo(echoed.Packets));
        }

        var audio = stats.BySsrc(answer.Streams[0].OutputSsrc)!;
        var video = stats.BySsrc(answer.Streams[1].OutputSsrc)!;
        Assert.That(audio.Packets, Is.GreaterThan(100), stats.ToString());
        Assert.That(video.Packets, Is.GreaterThan(60), stats.ToString());
        Assert.That(video.KeyFrames, Is.GreaterThan(0), "the clip's key frames should survive the echo: " + stats);
        Assert.That(audio.KeyFrames, Is.Zero);

        // Counts keep rising while werift sends: the echo is live, not a burst.
        var later = await peer.WaitForStatsAsync(s => s.BySsrc(video.Ssrc)!.Packets > video.Packets + 20, TimeSpan.FromSeconds(5));
        Assert.That(later.BySsrc(video.Ssrc)!.Packets, Is.GreaterThan(video.Packets + 20));
        Assert.That(later.BySsrc(audio.Ssrc)!.Packets, Is.GreaterThan(audio.Packets));

        // Nothing is echoed that werift did not send.
        var sentVideo = later.Tracks[1].PacketsSent;
        Assert.That(later.BySsrc(video.Ssrc)!.Packets, Is.LessThanOrEqualTo(sentVideo));
        Assert.That(engineStats.RtpPacketsReceived, Is.GreaterThan(0UL));
    }

    [Test]
    public async Task SyntheticVideoAtAHigherRateIsEchoedWithKeyFramesOnSchedule()
    {
        await using var peer = await WeriftPeer.StartAsync();
        var offer = await peer.CreateOfferAsync(new WeriftOfferOptions { Send = ["video"], Receive = ["audio"] });
        Assert.That(offer.Tracks.Select(t => (t.Kind, t.Direction)), Is.EqualTo(new[] { ("video", "sendrecv"), ("audio", "recvonly") }));
        var (_, answer) = await ConnectEchoAsync(offer.Sdp, null);
        await peer.SetAnswerAsync(answer.Sdp);
        await peer.WaitForStatsAsync(s => s.ConnectionState == "connected", MediaTimeout);

        // 1200-byte frames at 50 fps, a key frame every 10 frames.
        await peer.StartSendingAsync(offer.Tracks[0].Mid!, rate: 50, new WeriftSendOptions { Synthetic = true, PayloadSize = 1200, KeyFrameInterval = 10 });
        var stats = await peer.WaitForStatsAsync(s => s.ByMid(offer.Tracks[0].Mid!) is { Packets: > 150 }, MediaTimeout);
        TestContext.Out.WriteLine($"werift: {stats}");

        var video = stats.ByMid(offer.Tracks[0].Mid!);
        Assert.That(video, Is.Not.Null, stats.ToString());
        // Frames of 1200 bytes + descriptor exceed the 1100-byte chunk: two packets per frame.
        var sent = stats.Tracks[0];
        Assert.That(sent.PacketsSent, Is.EqualTo(sent.FramesSent * 2));
        Assert.That(video!.Packets, Is.GreaterThan(150));
        // Every 10th frame is key: the echoed key-frame starts are a tenth of the frames, give or take in-flight ones.
        double expectedKeys = video.Packets / 2.0 / 10.0;
        Assert.That(video.KeyFrames, Is.InRange(expectedKeys - 2, expectedKeys + 2), stats.ToString());
        Assert.That(stats.PacketsReceived("audio"), Is.Zero, "the recvonly audio m-line had nothing to echo");
    }

    /// <summary>Engine side of an echo call: transport, connect with werift's DTLS/ICE parameters, echo on.</summary>
    private async Task<(string TransportId, EchoAnswer Answer)> ConnectEchoAsync(string offerSdp, SrtpProfile? profile)
    {
        var request = new CreateWebRtcTransportRequest();
        if (profile is { } p)
        {
            request.SrtpProfiles.Add(p);
        }

        var transport = await _engine.Client.CreateWebRtcTransportAsync(request);
        var answer = EchoAnswer.Build(offerSdp, transport);
        var connect = new ConnectWebRtcTransportRequest
        {
            TransportId = transport.TransportId,
            DtlsParameters = new DtlsParameters { Role = DtlsRole.Client },
            RemoteUsernameFragment = answer.RemoteUfrag,
            RemotePassword = answer.RemotePassword,
        };
        connect.DtlsParameters.Fingerprints.Add(new DtlsFingerprint { Algorithm = answer.RemoteFingerprintAlgorithm, Value = answer.RemoteFingerprint });
        await _engine.Client.ConnectWebRtcTransportAsync(connect);

        var echo = new SetTransportEchoRequest { TransportId = transport.TransportId };
        echo.Streams.AddRange(answer.Streams);
        await _engine.Client.SetTransportEchoAsync(echo);
        return (transport.TransportId, answer);
    }
}
