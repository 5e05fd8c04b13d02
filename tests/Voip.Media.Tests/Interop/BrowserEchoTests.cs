using Grpc.Core;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// Real headless Chromium against the shipped AOT engine over real UDP: ICE-lite, DTLS-SRTP and SRTP
/// must all work for the browser to decode anything the engine echoes back.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class BrowserEchoTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(15);
    private EngineProcess _engine = null!;
    private ChromiumBrowser _browser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _engine = await EngineProcess.StartAsync();
        _browser = await ChromiumBrowser.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_engine is not null)
        {
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "voip-engine-browser-echo.log"), _engine.LogText);
            TestContext.Out.WriteLine("--- engine log ---\n" + _engine.LogText);
            await _engine.DisposeAsync();
        }
    }

    [TestCase(SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [TestCase(SrtpProfile.AeadAes256Gcm, "SRTP_AEAD_AES_256_GCM")]
    [TestCase(SrtpProfile.Aes128CmHmacSha180, "SRTP_AES128_CM_HMAC_SHA1_80")]
    public async Task BrowserDecodesEchoedAudioAndVideo(SrtpProfile profile, string chromiumCipherName)
    {
        var page = await _browser.NewPageAsync();
        var call = await EchoCall.StartAsync(page, _engine.Client, profile);

        var stats = await call.WaitAsync(s => s.HasMedia(50, 100), MediaTimeout);
        TestContext.Out.WriteLine($"browser: {stats}");
        TestContext.Out.WriteLine($"engine: {await _engine.Client.GetTransportStatsAsync(new GetTransportStatsRequest { TransportId = call.TransportId })}");

        Assert.That(stats.DtlsState, Is.EqualTo("connected"), $"browser stats: {stats}");
        Assert.That(stats.SrtpCipher, Is.EqualTo(chromiumCipherName));
        Assert.That(stats.FramesDecoded, Is.GreaterThan(50), $"browser stats: {stats}");
        Assert.That(stats.AudioPacketsReceived, Is.GreaterThan(100), $"browser stats: {stats}");

        var engineStats = await _engine.Client.GetTransportStatsAsync(new GetTransportStatsRequest { TransportId = call.TransportId });
        Assert.That(engineStats.State, Is.EqualTo(TransportState.Connected));
        Assert.That(engineStats.SrtpProfile, Is.EqualTo(profile));
        Assert.That(engineStats.RtpPacketsSent, Is.GreaterThan(150UL));
        Assert.That(engineStats.SrtpUnprotectFailures, Is.Zero);
        await page.CloseAsync();
    }

    [Test]
    public async Task TwentyPeerConnectionsAtOnceAllGetMedia()
    {
        var page = await _browser.NewPageAsync();
        var calls = new List<EchoCall>();
        for (int i = 0; i < 20; i++)
        {
            // 320x180: twenty VP8 encoders and decoders in one headless browser on two cores.
            calls.Add(await EchoCall.StartAsync(page, _engine.Client, videoWidth: 320));
        }

        // They share two cores with the engine and the test: give them longer than a single call.
        var results = await Task.WhenAll(calls.Select(c => c.WaitAsync(s => s.HasMedia(50, 100), TimeSpan.FromSeconds(90))));
        for (int i = 0; i < results.Length; i++)
        {
            Assert.That(results[i].HasMedia(50, 100), Is.True, $"peer connection {i}: {results[i]}");
        }

        var info = await _engine.Client.GetEngineInfoAsync(new GetEngineInfoRequest());
        Assert.That(info.Shards.Sum(s => s.Transports), Is.GreaterThanOrEqualTo(20u));
        Assert.That(info.Shards.All(s => s.Transports > 0), Is.True, "transports are spread over every shard");
        await page.CloseAsync();
    }

    [Test]
    public async Task WrongFingerprintMeansNoMediaAndTheEngineSaysWhy()
    {
        using var events = _engine.Client.StreamEvents(new StreamEventsRequest());
        var page = await _browser.NewPageAsync();

        // Signaling hands the engine a fingerprint that is not the browser's certificate.
        var call = await EchoCall.StartAsync(page, _engine.Client, tamperFingerprint: fp => fp[..^2] + (fp[^2..] == "00" ? "01" : "00"));

        var failed = await WaitForEventAsync(events, e => e.Transport?.TransportId == call.TransportId && e.Transport.State == TransportState.Failed, TimeSpan.FromSeconds(15));
        Assert.That(failed.Transport.Reason, Does.Contain("fingerprint mismatch"));

        // Give media every chance to flow had the handshake been accepted (a good call decodes 50 frames in ~3 s).
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stats = await call.GetStatsAsync();
        Assert.That(stats.DtlsState, Is.Not.EqualTo("connected"));
        Assert.That(stats.FramesDecoded, Is.Zero);
        Assert.That(stats.AudioPacketsReceived, Is.Zero);
        Assert.That(_engine.LogText, Does.Contain("fingerprint mismatch").And.Contain(call.TransportId));
        await page.CloseAsync();
    }

    private static async Task<EngineEvent> WaitForEventAsync(AsyncServerStreamingCall<EngineEvent> events, Func<EngineEvent, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await events.ResponseStream.MoveNext(cts.Token))
        {
            if (match(events.ResponseStream.Current))
            {
                return events.ResponseStream.Current;
            }
        }

        throw new TimeoutException("event stream ended");
    }
}
