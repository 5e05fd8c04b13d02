using Grpc.Core;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>The SFU API refuses what it cannot do with the right status and a message that says why — and creates nothing.</summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class RoutingApiTests
{
    private EngineProcess _engine = null!;

    private V1.MediaEngine.MediaEngineClient Client => _engine.Client;

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
    public async Task RoutersAreSpreadOverShardsAndTheirTransportsLiveThere()
    {
        var a = await Client.CreateRouterAsync(new V1.CreateRouterRequest());
        var b = await Client.CreateRouterAsync(new V1.CreateRouterRequest());
        Assert.That(a.Shard, Is.Not.EqualTo(b.Shard), "two rooms on a two-shard engine use both shards");
        var t = await Client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = b.RouterId });
        Assert.That(t.Shard, Is.EqualTo(b.Shard));
        var info = await Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest());
        Assert.That(info.Routers, Is.GreaterThanOrEqualTo(2u));
        await Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = a.RouterId });
        await Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = b.RouterId });
        var gone = Assert.ThrowsAsync<RpcException>(async () => await Client.GetTransportStatsAsync(new V1.GetTransportStatsRequest { TransportId = t.TransportId }));
        Assert.That(gone!.StatusCode, Is.EqualTo(StatusCode.NotFound), "closing a router closes its transports");
    }

    [Test]
    public async Task BadProduceRequestsAreRefusedWithTheReason()
    {
        var router = await Client.CreateRouterAsync(new V1.CreateRouterRequest());
        var transport = await Client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = router.RouterId });

        await ExpectAsync(StatusCode.InvalidArgument, "kind", Produce(transport, V1.MediaKind.Unspecified, Vp8(ssrc: 1)));
        var noCodecs = Vp8(ssrc: 1);
        noCodecs.Codecs.Clear();
        await ExpectAsync(StatusCode.InvalidArgument, "codecs", Produce(transport, V1.MediaKind.Video, noCodecs));
        var twice = Vp8(ssrc: 1);
        twice.Codecs.Add(new V1.RtpCodec { MimeType = "video/H264", PayloadType = 96, ClockRate = 90000 });
        await ExpectAsync(StatusCode.InvalidArgument, "payload type 96", Produce(transport, V1.MediaKind.Video, twice));
        await ExpectAsync(StatusCode.InvalidArgument, "not audio", Produce(transport, V1.MediaKind.Audio, Vp8(ssrc: 1)));
        var ridOnly = Vp8(ssrc: 0);
        ridOnly.Encodings[0].Rid = "h";
        await ExpectAsync(StatusCode.InvalidArgument, "rtp-stream-id", Produce(transport, V1.MediaKind.Video, ridOnly));
        var badRtx = Vp8(ssrc: 1);
        var rtx = new V1.RtpCodec { MimeType = "video/rtx", PayloadType = 97, ClockRate = 90000 };
        rtx.Parameters.Add(new V1.CodecParameter { Name = "apt", Value = "120" });
        badRtx.Codecs.Add(rtx);
        await ExpectAsync(StatusCode.InvalidArgument, "apt=120", Produce(transport, V1.MediaKind.Video, badRtx));

        var ok = await Produce(transport, V1.MediaKind.Video, Vp8(ssrc: 1), "cam");
        Assert.That(ok.Type, Is.EqualTo(V1.ProducerType.Simple));
        await ExpectAsync(StatusCode.AlreadyExists, "ssrc 1", Produce(transport, V1.MediaKind.Video, Vp8(ssrc: 1)));
        await ExpectAsync(StatusCode.AlreadyExists, "cam", Produce(transport, V1.MediaKind.Video, Vp8(ssrc: 2), "cam"));

        var dump = await Client.GetRouterAsync(new V1.GetRouterRequest { RouterId = router.RouterId });
        Assert.That(dump.ProducerIds, Is.EqualTo(new[] { "cam" }), "refused requests created nothing");

        var loose = await Client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest());
        await ExpectAsync(StatusCode.FailedPrecondition, "router", Produce(loose, V1.MediaKind.Video, Vp8(ssrc: 5)));
        await Client.CloseTransportAsync(new V1.CloseTransportRequest { TransportId = loose.TransportId });
        await Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = router.RouterId });
    }

    [Test]
    public async Task BadConsumeRequestsAreRefusedWithTheReason()
    {
        var router = await Client.CreateRouterAsync(new V1.CreateRouterRequest());
        var other = await Client.CreateRouterAsync(new V1.CreateRouterRequest());
        var pub = await Client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = router.RouterId });
        var sub = await Client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = router.RouterId });
        var stranger = await Client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = other.RouterId });
        var producer = await Produce(pub, V1.MediaKind.Video, Vp8(ssrc: 11));

        var h264Only = new V1.RtpCapabilities();
        h264Only.Codecs.Add(new V1.RtpCodec { MimeType = "video/H264", PayloadType = 102, ClockRate = 90000 });
        await ExpectAsync(StatusCode.InvalidArgument, "cannot receive video/VP8", Consume(sub, producer.ProducerId, h264Only));
        await ExpectAsync(StatusCode.InvalidArgument, "rtp_capabilities", Consume(sub, producer.ProducerId, new V1.RtpCapabilities()));
        await ExpectAsync(StatusCode.NotFound, "no producer", Consume(sub, "nope", RoomCapabilities.Subscriber));
        await ExpectAsync(StatusCode.FailedPrecondition, "router", Consume(stranger, producer.ProducerId, RoomCapabilities.Subscriber));
        await ExpectAsync(StatusCode.NotFound, "no consumer", Client.PauseConsumerAsync(new V1.ConsumerIdRequest { ConsumerId = "nope" }).ResponseAsync);

        var dump = await Client.GetRouterAsync(new V1.GetRouterRequest { RouterId = router.RouterId });
        Assert.That(dump.ConsumerIds, Is.Empty, "refused requests created nothing");

        var consumer = await Consume(sub, producer.ProducerId, RoomCapabilities.Subscriber);
        Assert.Multiple(() =>
        {
            Assert.That(consumer.RtpParameters.Codecs[0].PayloadType, Is.EqualTo(101u), "the subscriber's payload type");
            Assert.That(consumer.RtpParameters.Encodings[0].Ssrc, Is.Not.EqualTo(11u), "a fresh SSRC");
            Assert.That(consumer.RtpParameters.Codecs[0].RtcpFeedback.Select(f => f.Type), Does.Not.Contain("transport-cc"));
        });
        await ExpectAsync(StatusCode.InvalidArgument, "spatial_layer", Client.SetConsumerPreferredLayersAsync(new V1.SetConsumerPreferredLayersRequest
        {
            ConsumerId = consumer.ConsumerId,
            PreferredLayers = new V1.ConsumerLayers { SpatialLayer = -1 },
        }).ResponseAsync);
        await Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = router.RouterId });
        await Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = other.RouterId });
    }

    private Task<V1.Producer> Produce(V1.WebRtcTransport transport, V1.MediaKind kind, V1.RtpParameters parameters, string id = "") =>
        Client.ProduceAsync(new V1.ProduceRequest { TransportId = transport.TransportId, Kind = kind, RtpParameters = parameters, ProducerId = id }).ResponseAsync;

    private Task<V1.Consumer> Consume(V1.WebRtcTransport transport, string producerId, V1.RtpCapabilities caps) =>
        Client.ConsumeAsync(new V1.ConsumeRequest { TransportId = transport.TransportId, ProducerId = producerId, RtpCapabilities = caps }).ResponseAsync;

    private static V1.RtpParameters Vp8(uint ssrc)
    {
        var p = new V1.RtpParameters();
        var vp8 = new V1.RtpCodec { MimeType = "video/VP8", PayloadType = 96, ClockRate = 90000 };
        vp8.RtcpFeedback.Add(new V1.RtcpFeedback { Type = "nack" });
        p.Codecs.Add(vp8);
        p.Encodings.Add(new V1.RtpEncoding { Ssrc = ssrc });
        return p;
    }

    private static async Task ExpectAsync<T>(StatusCode code, string messagePart, Task<T> call)
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.That(ex!.StatusCode, Is.EqualTo(code), ex.Status.Detail);
        Assert.That(ex.Status.Detail, Does.Contain(messagePart).IgnoreCase);
        await Task.CompletedTask;
    }
}
