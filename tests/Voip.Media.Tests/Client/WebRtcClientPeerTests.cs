using System.Buffers.Binary;
using System.Net;
using Voip.Media.Client;
using Voip.Media.Control.V1;
using Voip.Media.Tests.Interop;

namespace Voip.Media.Tests.Client;

/// <summary>
/// The client peer against the AOT engine's router: one peer publishes, another consumes, every packet
/// arrives decrypted on the consumer's SSRC, and the engine reports the forwards and their latency.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class WebRtcClientPeerTests
{
    private const uint PublisherSsrc = 0x01020304;
    private EngineProcess _engine = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _engine = await EngineProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    [Test]
    public async Task PublisherToSubscriber_ThroughARouter_EveryPacketArrives()
    {
        using var publisher = new WebRtcClientPeer(new WebRtcClientPeerOptions { ConsentInterval = TimeSpan.FromSeconds(2) });
        using var subscriber = new WebRtcClientPeer();
        uint consumerSsrc = await PublishAndConsumeAsync(publisher, subscriber);

        int matching = 0;
        int badPayload = 0;
        subscriber.RtpReceived = (_, packet) =>
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) != consumerSsrc)
            {
                return;
            }

            if (packet.Length != 12 + 100 || packet[^1] != 0x5A)
            {
                Interlocked.Increment(ref badPayload);
            }

            Interlocked.Increment(ref matching);
        };

        var before = await _engine.Client.GetEngineInfoAsync(new GetEngineInfoRequest());
        const int count = 200;
        var plain = new byte[12 + 100];
        for (int i = 0; i < count; i++)
        {
            SendOpus(publisher, plain, i);
            if (i % 20 == 19)
            {
                await Task.Delay(5);
            }
        }

        Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref matching) >= count, TimeSpan.FromSeconds(5)), Is.True, $"got {matching} of {count}");
        var after = await _engine.Client.GetEngineInfoAsync(new GetEngineInfoRequest());
        Assert.Multiple(() =>
        {
            Assert.That(badPayload, Is.Zero);
            Assert.That(subscriber.UnprotectFailures, Is.Zero);
            Assert.That(publisher.StunResponses, Is.GreaterThanOrEqualTo(1), "the nominating check was answered");
            long forwarded = (long)(after.Shards.Sum(s => (long)s.ForwardedPackets) - before.Shards.Sum(s => (long)s.ForwardedPackets));
            Assert.That(forwarded, Is.GreaterThanOrEqualTo(count));
            // The shard whose count moved (other tests on this engine forwarded on shards of their own).
            var shard = after.Shards.Single(s => s.ForwardedPackets > before.Shards.Single(b => b.Index == s.Index).ForwardedPackets);
            Assert.That(shard.ForwardLatencyP50Us, Is.GreaterThan(0));
            Assert.That(shard.ForwardLatencyP99Us, Is.GreaterThanOrEqualTo(shard.ForwardLatencyP50Us));
        });
    }

    /// <summary>
    /// GetEngineInfo's load figures (for placement) follow what the engine does: forwarding a steady 400 packets/s
    /// reads as about that rate, with some CPU in use (and no more than the machine has).
    /// </summary>
    [Test]
    public async Task EngineInfo_WhileForwardingASteadyStream_ReportsItsRateAndCpu()
    {
        using var publisher = new WebRtcClientPeer(new WebRtcClientPeerOptions { ConsentInterval = TimeSpan.FromSeconds(2) });
        using var subscriber = new WebRtcClientPeer();
        await PublishAndConsumeAsync(publisher, subscriber);

        const int rate = 400;
        var plain = new byte[12 + 100];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int sent = 0;
        // Seven seconds: longer than the engine's load window, so the whole window sees the stream.
        while (clock.Elapsed < TimeSpan.FromSeconds(7))
        {
            while (sent < clock.Elapsed.TotalSeconds * rate)
            {
                SendOpus(publisher, plain, sent++);
            }

            await Task.Delay(10);
        }

        var info = await _engine.Client.GetEngineInfoAsync(new GetEngineInfoRequest());
        Assert.Multiple(() =>
        {
            Assert.That(info.ForwardedPacketsPerSecond, Is.InRange(rate * 0.6, rate * 1.4), "one consumer: forwarded/s ≈ sent/s");
            Assert.That(info.CpuLoad, Is.GreaterThan(0));
            Assert.That(info.CpuLoad, Is.LessThanOrEqualTo(Environment.ProcessorCount * 1.1));
        });
    }

    private static void SendOpus(WebRtcClientPeer publisher, byte[] plain, int i)
    {
        plain[0] = 0x80;
        plain[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), (ushort)(i + 1));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(4), (uint)(i * 960));
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(8), PublisherSsrc);
        plain.AsSpan(12).Fill(0x5A);
        Assert.That(publisher.SendRtp(plain), Is.EqualTo(Voip.Media.Srtp.SrtpResult.Ok));
    }

    /// <summary>A router with <paramref name="publisher"/> producing Opus and <paramref name="subscriber"/> consuming it; the consumer's SSRC.</summary>
    private async Task<uint> PublishAndConsumeAsync(WebRtcClientPeer publisher, WebRtcClientPeer subscriber)
    {
        var router = await _engine.Client.CreateRouterAsync(new CreateRouterRequest());
        string publisherTransport = await ConnectAsync(publisher, router.RouterId);
        string subscriberTransport = await ConnectAsync(subscriber, router.RouterId);

        var parameters = new RtpParameters { Mid = "0", Rtcp = new RtcpParameters { Cname = "test" } };
        parameters.Codecs.Add(Opus());
        parameters.Encodings.Add(new RtpEncoding { Ssrc = PublisherSsrc });
        var producer = await _engine.Client.ProduceAsync(new ProduceRequest { TransportId = publisherTransport, Kind = MediaKind.Audio, RtpParameters = parameters });
        var capabilities = new RtpCapabilities();
        capabilities.Codecs.Add(Opus());
        var consumer = await _engine.Client.ConsumeAsync(new ConsumeRequest { TransportId = subscriberTransport, ProducerId = producer.ProducerId, RtpCapabilities = capabilities });
        return consumer.RtpParameters.Encodings[0].Ssrc;
    }

    private static RtpCodec Opus() => new() { MimeType = "audio/opus", PayloadType = 111, ClockRate = 48000, Channels = 2 };

    private async Task<string> ConnectAsync(WebRtcClientPeer peer, string routerId)
    {
        var request = new CreateWebRtcTransportRequest { RouterId = routerId };
        request.SrtpProfiles.Add(Control.V1.SrtpProfile.AeadAes128Gcm);
        var transport = await _engine.Client.CreateWebRtcTransportAsync(request);
        var connect = new ConnectWebRtcTransportRequest
        {
            TransportId = transport.TransportId,
            DtlsParameters = new DtlsParameters { Role = Control.V1.DtlsRole.Client },
            RemoteUsernameFragment = peer.LocalIce.Ufrag,
            RemotePassword = peer.LocalIce.Password,
        };
        connect.DtlsParameters.Fingerprints.Add(new Control.V1.DtlsFingerprint { Algorithm = "sha-256", Value = peer.Certificate.Sha256Fingerprint });
        await _engine.Client.ConnectWebRtcTransportAsync(connect);
        Assert.That(Voip.Media.Dtls.DtlsFingerprint.TryParse("sha-256 " + transport.DtlsParameters.Fingerprints[0].Value, out var fingerprint), Is.True);
        var candidate = transport.IceCandidates[0];
        var keys = await peer.ConnectAsync(
            new WebRtcClientRemote(new IPEndPoint(IPAddress.Parse(candidate.Ip), (int)candidate.Port), transport.IceParameters.UsernameFragment, transport.IceParameters.Password, fingerprint),
            TimeSpan.FromSeconds(15));
        Assert.That(keys.Profile, Is.EqualTo(Voip.Media.Srtp.SrtpProfile.AeadAes128Gcm));
        return transport.TransportId;
    }
}
