using Grpc.Core;
using Voip.Media.Control.V1;
using Voip.Media.Routing;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Control;

/// <summary>Rooms, producers and consumers over gRPC.</summary>
public sealed partial class MediaEngineService
{
    public override async Task<V1.Router> CreateRouter(CreateRouterRequest request, ServerCallContext context)
    {
        CheckId(request.RouterId, "router_id");
        var router = await Guard(() => engine.CreateRouterAsync(request.RouterId)).ConfigureAwait(false);
        return new V1.Router { RouterId = router.Id, Shard = (uint)router.Shard.Index };
    }

    public override async Task<CloseRouterResponse> CloseRouter(CloseRouterRequest request, ServerCallContext context)
    {
        await engine.CloseRouterAsync(FindRouter(request.RouterId), "closed by the control plane").ConfigureAwait(false);
        return new CloseRouterResponse();
    }

    public override async Task<RouterDump> GetRouter(GetRouterRequest request, ServerCallContext context)
    {
        var router = FindRouter(request.RouterId);
        return await engine.ReadAsync(router, () =>
        {
            var dump = new RouterDump { RouterId = router.Id, Shard = (uint)router.Shard.Index };
            dump.TransportIds.Add(router.Transports.Select(t => t.Id));
            dump.ProducerIds.Add(router.Producers.Select(p => p.Id));
            dump.ConsumerIds.Add(router.Consumers.Select(c => c.Id));
            return dump;
        }).ConfigureAwait(false);
    }

    public override async Task<V1.Producer> Produce(ProduceRequest request, ServerCallContext context)
    {
        CheckId(request.ProducerId, "producer_id");
        var transport = Find(request.TransportId);
        var kind = ToKind(request.Kind);
        var parameters = ToModel(request.RtpParameters);
        var producer = await Guard(() => engine.ProduceAsync(transport, request.ProducerId, kind, parameters, request.Paused)).ConfigureAwait(false);
        return new V1.Producer
        {
            ProducerId = producer.Id,
            TransportId = transport.Id,
            Kind = request.Kind,
            Type = producer.Type == Routing.ProducerType.Simulcast ? V1.ProducerType.Simulcast : V1.ProducerType.Simple,
            Paused = producer.Paused,
        };
    }

    public override async Task<ProducerResponse> PauseProducer(ProducerIdRequest request, ServerCallContext context)
    {
        await engine.SetProducerPausedAsync(FindProducer(request.ProducerId), true).ConfigureAwait(false);
        return new ProducerResponse();
    }

    public override async Task<ProducerResponse> ResumeProducer(ProducerIdRequest request, ServerCallContext context)
    {
        await engine.SetProducerPausedAsync(FindProducer(request.ProducerId), false).ConfigureAwait(false);
        return new ProducerResponse();
    }

    public override async Task<ProducerResponse> CloseProducer(ProducerIdRequest request, ServerCallContext context)
    {
        await engine.CloseProducerAsync(FindProducer(request.ProducerId), "closed by the control plane").ConfigureAwait(false);
        return new ProducerResponse();
    }

    public override async Task<V1.Consumer> Consume(ConsumeRequest request, ServerCallContext context)
    {
        CheckId(request.ConsumerId, "consumer_id");
        var transport = Find(request.TransportId);
        var producer = FindProducer(request.ProducerId);
        var capabilities = ToModel(request.RtpCapabilities);
        int preferred = request.PreferredLayers is { } layers ? layers.SpatialLayer : -1;
        var consumer = await Guard(() => engine.ConsumeAsync(transport, producer, request.ConsumerId, capabilities, request.Paused, preferred)).ConfigureAwait(false);
        return new V1.Consumer
        {
            ConsumerId = consumer.Id,
            ProducerId = producer.Id,
            TransportId = transport.Id,
            Kind = ToProto(consumer.Kind),
            Type = consumer.Type == Routing.ConsumerType.Simulcast ? V1.ConsumerType.Simulcast : V1.ConsumerType.Simple,
            RtpParameters = ToProto(consumer.Parameters),
            Paused = consumer.Paused,
            ProducerPaused = consumer.ProducerPaused,
        };
    }

    public override async Task<ConsumerResponse> PauseConsumer(ConsumerIdRequest request, ServerCallContext context)
    {
        await engine.SetConsumerPausedAsync(FindConsumer(request.ConsumerId), true).ConfigureAwait(false);
        return new ConsumerResponse();
    }

    public override async Task<ConsumerResponse> ResumeConsumer(ConsumerIdRequest request, ServerCallContext context)
    {
        await engine.SetConsumerPausedAsync(FindConsumer(request.ConsumerId), false).ConfigureAwait(false);
        return new ConsumerResponse();
    }

    public override async Task<ConsumerResponse> CloseConsumer(ConsumerIdRequest request, ServerCallContext context)
    {
        await engine.CloseConsumerAsync(FindConsumer(request.ConsumerId), "closed by the control plane").ConfigureAwait(false);
        return new ConsumerResponse();
    }

    public override async Task<ConsumerResponse> SetConsumerPreferredLayers(SetConsumerPreferredLayersRequest request, ServerCallContext context)
    {
        var consumer = FindConsumer(request.ConsumerId);
        var layers = request.PreferredLayers ?? throw Invalid("preferred_layers is required");
        if (layers.SpatialLayer < 0)
        {
            throw Invalid("preferred_layers.spatial_layer must be ≥ 0 (0 = lowest encoding)");
        }

        await engine.SetConsumerPreferredLayerAsync(consumer, layers.SpatialLayer).ConfigureAwait(false);
        return new ConsumerResponse();
    }

    public override async Task<ConsumerResponse> RequestConsumerKeyFrame(ConsumerIdRequest request, ServerCallContext context)
    {
        await engine.RequestKeyFrameAsync(FindConsumer(request.ConsumerId)).ConfigureAwait(false);
        return new ConsumerResponse();
    }

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (RoutingException ex)
        {
            throw ToRpc(ex);
        }
    }

    private static void CheckId(string id, string field)
    {
        if (id.Length != 0 && !TransportIdPattern().IsMatch(id))
        {
            throw Invalid($"{field} must be 1..64 characters of A-Z a-z 0-9 _ - (or empty to let the engine choose)");
        }
    }

    private Routing.Router FindRouter(string id) =>
        engine.TryGetRouter(id, out var router)
            ? router
            : throw new RpcException(new Status(StatusCode.NotFound, $"no router '{id}' (it may have been closed)"));

    private Routing.Producer FindProducer(string id) =>
        engine.TryGetProducer(id, out var producer)
            ? producer
            : throw new RpcException(new Status(StatusCode.NotFound, $"no producer '{id}' (it may have closed; see StreamEvents for the reason)"));

    private Routing.Consumer FindConsumer(string id) =>
        engine.TryGetConsumer(id, out var consumer)
            ? consumer
            : throw new RpcException(new Status(StatusCode.NotFound, $"no consumer '{id}' (it may have closed; see StreamEvents for the reason)"));
}
