using Microsoft.Playwright;
using Voip.Sdp.Tests.Negotiation;

namespace Voip.Sdp.Tests.Interop;

/// <summary>
/// Feeds what the builders produce to headless Chromium's RTCPeerConnection (see /work/shared/TESTING.md)
/// and checks it is accepted: a publisher answer (with simulcast) and a subscriber offer across a
/// renegotiation that closes and recycles an m-section.
/// </summary>
[Category("Interop")]
[NonParallelizable]
public sealed class ChromiumSdpInteropTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowserContext? _context;
    private IPage? _page;
    private string? _profile;

    // A well-formed SHA-256 fingerprint; DTLS never starts in these tests, only the SDP is checked.
    private static TransportParameters Transport(SctpParameters? sctp = null) => SfuTestData.Transport(sctp) with
    {
        Dtls = new DtlsParameters(DtlsRole.Auto, [new DtlsFingerprint("sha-256", string.Join(':', Enumerable.Range(0, 32).Select(i => (i * 7 % 256).ToString("X2", System.Globalization.CultureInfo.InvariantCulture))))]),
    };

    [OneTimeSetUp]
    public async Task StartChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Ignore($"{ChromiumPath} is not installed (apt-get install -y chromium)");
        }
        _profile = Directory.CreateTempSubdirectory("voip-sdp-pw").FullName;
        _playwright = await Playwright.CreateAsync();
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
            ],
            Env = new Dictionary<string, string> { ["HOME"] = _profile, ["XDG_CONFIG_HOME"] = _profile, ["XDG_CACHE_HOME"] = _profile },
        });
        _page = _context.Pages.Count > 0 ? _context.Pages[0] : await _context.NewPageAsync();
        // A routed http://localhost page is a secure context, so getUserMedia works.
        await _page.RouteAsync("http://localhost:9/**", r => r.FulfillAsync(new() { ContentType = "text/html", Body = "<html><body>sdp</body></html>" }));
        await _page.GotoAsync("http://localhost:9/index.html");
    }

    [OneTimeTearDown]
    public async Task StopChromium()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
        _playwright?.Dispose();
        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be flushing its profile; the temp dir is harmless.
            }
        }
    }

    [Test]
    public async Task Chromium_accepts_the_publisher_answer_with_simulcast()
    {
        var offerSdp = await _page!.EvaluateAsync<string>(@"async () => {
            const s = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 1280, height: 720}});
            const pc = window.pub = new RTCPeerConnection();
            pc.addTransceiver(s.getAudioTracks()[0], {direction: 'sendonly', streams: [s]});
            pc.addTransceiver(s.getVideoTracks()[0], {direction: 'sendonly', streams: [s],
                sendEncodings: [{rid: 'q', scaleResolutionDownBy: 4}, {rid: 'h', scaleResolutionDownBy: 2}, {rid: 'f'}]});
            const offer = await pc.createOffer();
            await pc.setLocalDescription(offer);
            return offer.sdp;
        }");

        var result = SdpAnswerBuilder.BuildPublisherAnswer(SdpParser.Parse(offerSdp), Transport(), SfuTestData.Codecs, SfuTestData.HeaderExtensions);
        var outcome = await _page.EvaluateAsync<string>(@"async answer => {
            try {
                await window.pub.setRemoteDescription({type: 'answer', sdp: answer});
            } catch (e) { return 'rejected: ' + e.message; }
            const t = window.pub.getTransceivers();
            return t.map(x => x.mid + ':' + x.currentDirection + ':' + x.sender.getParameters().encodings.length).join(',')
                + '|' + window.pub.signalingState;
        }", result.Answer.ToString());

        Assert.That(outcome, Is.EqualTo("0:sendonly:1,1:sendonly:3|stable"));
        Assert.That(result.Producers[1].RtpParameters.Encodings.Select(e => e.Rid), Is.EqualTo(new[] { "q", "h", "f" }));
    }

    [Test]
    public async Task Chromium_answers_the_subscriber_offer_across_renegotiations()
    {
        var session = new SubscriberSdpSession(Transport(new SctpParameters()));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Audio, 1000, "a1"));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 2000, "v1"));
        session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 3000, "v2"));
        session.AddDataChannel();
        await _page!.EvaluateAsync("() => { window.sub = new RTCPeerConnection(); window.tracks = []; window.sub.ontrack = e => window.tracks.push(e.track.kind + ':' + e.transceiver.mid); }");

        async Task<SubscriberAnswer> Negotiate()
        {
            var answer = await _page!.EvaluateAsync<string>(@"async offer => {
                try {
                    await window.sub.setRemoteDescription({type: 'offer', sdp: offer});
                    const a = await window.sub.createAnswer();
                    await window.sub.setLocalDescription(a);
                    return a.sdp;
                } catch (e) { return 'rejected: ' + e.message; }
            }", session.CreateOffer().ToString());
            Assert.That(answer, Does.StartWith("v=0"), answer);
            return session.ApplyAnswer(SdpParser.Parse(answer));
        }

        var first = await Negotiate();
        Assert.That(first.CodecsByMid["1"].Select(c => c.MimeType), Is.EqualTo(new[] { "video/VP8", "video/rtx" }));
        Assert.That(first.RemoteDtls.Role, Is.EqualTo(DtlsRole.Client), "Chromium answers an actpass offer with active");

        session.RemoveConsumer("1");
        var second = await Negotiate();
        Assert.That(second.CodecsByMid.Keys, Is.EquivalentTo(new[] { "0", "2" }));

        var recycled = session.AddConsumer(SfuTestData.Consumer(MediaKind.Video, 4000, "v3"));
        var third = await Negotiate();
        Assert.That(third.CodecsByMid.Keys, Is.EquivalentTo(new[] { "0", recycled, "2" }));

        var state = await _page.EvaluateAsync<string>(
            "() => window.sub.getTransceivers().map(t => t.mid + ':' + t.currentDirection).join(',') + '|' + window.tracks.join(',')");
        Assert.That(state, Does.Contain($"{recycled}:recvonly").And.Contain("0:recvonly").And.Contain("2:recvonly"));
        Assert.That(state, Does.Contain($"video:{recycled}"), "the recycled section delivered a new track");
    }
}
