using System.Collections.Concurrent;
using Voip.Media.Routing;
using Voip.Media.Transport;

namespace Voip.Media.Engine;

/// <summary>Rooms, producers and consumers: thread-safe control calls, each run on the room's shard thread.</summary>
public sealed partial class MediaEngine
{
    private readonly ConcurrentDictionary<string, Router> _routers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Consumer> _consumers = new(StringComparer.Ordinal);

    public int RouterCount => _routers.Count;

    public int ProducerCount => _producers.Count;

    public int ConsumerCount => _consumers.Count;

    public bool TryGetRouter(string id, out Router router) => _routers.TryGetValue(id, out router!);

    public bool TryGetProducer(string id, out Producer producer) => _producers.TryGetValue(id, out producer!);

    public bool TryGetConsumer(string id, out Consumer consumer) => _consumers.TryGetValue(id, out consumer!);

    /// <summary>Creates a room on the shard with the fewest rooms (then transports).</summary>
    public async Task<Router> CreateRouterAsync(string? id)
    {
        id = string.IsNullOrEmpty(id) ? NewId() : id;
        var shard = _shards.OrderBy(s => s.RouterCount).ThenBy(s => s.TransportCount).First();
        var router = new Router(id, shard, this);
        if (!_routers.TryAdd(id, router))
        {
            throw new RoutingException(RoutingError.AlreadyExists, $"a router with id '{id}' already exists");
        }

        await shard.InvokeAsync(() =>
        {
            shard.AddRouter(router);
            return true;
        }).ConfigureAwait(false);
        EngineLog.RouterCreated(Logger, id, shard.Index);
        return router;
    }

    public Task CloseRouterAsync(Router router, string reason) => router.Shard.InvokeAsync(() =>
    {
        router.Close(reason);
        return true;
    });

    internal void OnRouterClosed(Router router) => _routers.TryRemove(router.Id, out _);

    public Task<Producer> ProduceAsync(WebRtcTransport transport, string? id, MediaKind kind, RtpParameters parameters, bool paused)
    {
        var router = transport.Router ?? throw new RoutingException(RoutingError.FailedPrecondition,
            $"transport {transport.Id} has no router; create transports with a router_id to produce or consume");
        id = string.IsNullOrEmpty(id) ? NewId() : id;
        return router.Shard.InvokeAsync(() =>
        {
            if (_producers.ContainsKey(id))
            {
                throw new RoutingException(RoutingError.AlreadyExists, $"a producer with id '{id}' already exists");
            }

            var producer = router.Produce(id, transport, kind, parameters, paused);
            _producers[id] = producer;
            return producer;
        });
    }

    public Task SetProducerPausedAsync(Producer producer, bool paused) => producer.Router.Shard.InvokeAsync(() =>
    {
        producer.SetPaused(paused, Environment.TickCount64);
        return true;
    });

    public Task CloseProducerAsync(Producer producer, string reason) => producer.Router.Shard.InvokeAsync(() =>
    {
        producer.Close(reason);
        return true;
    });

    internal void OnProducerClosed(Producer producer, string reason)
    {
        _producers.TryRemove(producer.Id, out _);
        Events.PublishProducerClosed(producer.Id, reason);
    }

    public Task<Consumer> ConsumeAsync(WebRtcTransport transport, Producer producer, string? id, RtpCapabilities capabilities, bool paused, int preferredLayer)
    {
        var router = transport.Router ?? throw new RoutingException(RoutingError.FailedPrecondition,
            $"transport {transport.Id} has no router; create transports with a router_id to produce or consume");
        id = string.IsNullOrEmpty(id) ? NewId() : id;
        return router.Shard.InvokeAsync(() =>
        {
            if (_consumers.ContainsKey(id))
            {
                throw new RoutingException(RoutingError.AlreadyExists, $"a consumer with id '{id}' already exists");
            }

            var consumer = router.Consume(id, transport, producer, capabilities, paused, preferredLayer, Environment.TickCount64);
            _consumers[id] = consumer;
            return consumer;
        });
    }

    public Task SetConsumerPausedAsync(Consumer consumer, bool paused) => consumer.Producer.Router.Shard.InvokeAsync(() =>
    {
        consumer.SetPaused(paused, Environment.TickCount64);
        return true;
    });

    public Task SetConsumerPreferredLayerAsync(Consumer consumer, int spatialLayer) => consumer.Producer.Router.Shard.InvokeAsync(() =>
    {
        consumer.SetPreferredLayer(spatialLayer, Environment.TickCount64);
        return true;
    });

    public Task RequestKeyFrameAsync(Consumer consumer) => consumer.Producer.Router.Shard.InvokeAsync(() =>
    {
        consumer.RequestKeyFrame(Environment.TickCount64);
        return true;
    });

    public Task CloseConsumerAsync(Consumer consumer, string reason) => consumer.Producer.Router.Shard.InvokeAsync(() =>
    {
        consumer.Close(reason);
        return true;
    });

    internal void OnConsumerClosed(Consumer consumer) => _consumers.TryRemove(consumer.Id, out _);

    /// <summary>Runs <paramref name="read"/> on the shard that owns <paramref name="router"/> (consistent stats).</summary>
    public Task<T> ReadAsync<T>(Router router, Func<T> read) => router.Shard.InvokeAsync(read);

    private static string NewId() => Guid.NewGuid().ToString("N");
}
