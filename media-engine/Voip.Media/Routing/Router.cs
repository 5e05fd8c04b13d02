using Voip.Media.Engine;
using Voip.Media.Transport;

namespace Voip.Media.Routing;

/// <summary>
/// A room: lives on one shard, owns its transports, producers and consumers, and the producer →
/// consumers map. Every method runs on the shard thread (the engine hands control calls over through
/// the shard's command queue), so nothing here takes a lock.
/// </summary>
public sealed partial class Router
{
    private const int LayerUpdateIntervalMs = 250;

    private readonly Dictionary<string, Producer> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Consumer> _consumers = new(StringComparer.Ordinal);
    private readonly List<WebRtcTransport> _transports = [];
    private long _lastLayerUpdateMs;

    internal Router(string id, EngineShard shard, MediaEngine engine)
    {
        Id = id;
        Shard = shard;
        Engine = engine;
    }

    public string Id { get; }

    internal EngineShard Shard { get; }

    internal MediaEngine Engine { get; }

    public bool IsClosed { get; private set; }

    public int ProducerCount => _producers.Count;

    public int ConsumerCount => _consumers.Count;

    internal IReadOnlyList<WebRtcTransport> Transports => _transports;

    internal IEnumerable<Producer> Producers => _producers.Values;

    internal IEnumerable<Consumer> Consumers => _consumers.Values;

    internal void AddTransport(WebRtcTransport transport) => _transports.Add(transport);

    internal void RemoveTransport(WebRtcTransport transport) => _transports.Remove(transport);

    internal Producer Produce(string id, WebRtcTransport transport, MediaKind kind, RtpParameters parameters, bool paused)
    {
        EnsureOpen();
        EnsureMember(transport);
        ProducerValidator.Validate(transport, kind, parameters);
        var producer = new Producer(id, this, transport, kind, parameters, paused);
        _producers.Add(id, producer);
        transport.AddProducer(producer);
        if (kind == MediaKind.Audio && producer.AudioLevelExtensionId != 0)
        {
            producer.SpeakerSlot = AddSpeaker(producer);
        }

        return producer;
    }

    internal Consumer Consume(string id, WebRtcTransport transport, Producer producer, RtpCapabilities capabilities, bool paused, int preferredLayer, long nowMs)
    {
        EnsureOpen();
        EnsureMember(transport);
        if (producer.Router != this || producer.IsClosed)
        {
            throw new RoutingException(RoutingError.FailedPrecondition, $"producer {producer.Id} is not in router {Id}; a consumer's transport and producer must share a router");
        }

        var plan = ConsumerPlanner.Plan(producer, capabilities, transport.IsOutgoingSsrcTaken);
        var consumer = new Consumer(id, producer, transport, plan, paused, preferredLayer < 0 ? producer.Streams.Length - 1 : preferredLayer);
        _consumers.Add(id, consumer);
        transport.AddConsumer(consumer);
        producer.AddConsumer(consumer);
        consumer.UpdateTargetLayer(nowMs);
        if (!paused)
        {
            consumer.RequestKeyFrame(nowMs);
        }

        return consumer;
    }

    internal void RemoveProducer(Producer producer, string reason)
    {
        _producers.Remove(producer.Id);
        if (producer.SpeakerSlot >= 0)
        {
            RemoveSpeaker(producer);
        }

        Engine.OnProducerClosed(producer, reason);
    }

    internal void RemoveConsumer(Consumer consumer) => _consumers.Remove(consumer.Id);

    /// <summary>Shard tick: simulcast layer choices and the active speaker.</summary>
    internal void OnTick(long nowMs)
    {
        if (nowMs - _lastLayerUpdateMs >= LayerUpdateIntervalMs)
        {
            _lastLayerUpdateMs = nowMs;
            foreach (var consumer in _consumers.Values)
            {
                consumer.UpdateTargetLayer(nowMs);
            }
        }

        UpdateActiveSpeaker(nowMs);
    }

    /// <summary>Closes every transport (and so every producer and consumer) of the room.</summary>
    internal void Close(string reason)
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        foreach (var transport in _transports.ToArray())
        {
            transport.Close(TransportState.Closed, "router closed: " + reason, notifyPeer: true);
        }

        Shard.RemoveRouter(this);
        Engine.OnRouterClosed(this);
    }

    private void EnsureOpen()
    {
        if (IsClosed)
        {
            throw new RoutingException(RoutingError.FailedPrecondition, $"router {Id} is closed");
        }
    }

    private void EnsureMember(WebRtcTransport transport)
    {
        if (transport.Router != this)
        {
            throw new RoutingException(RoutingError.FailedPrecondition, $"transport {transport.Id} does not belong to router {Id}; create it with router_id={Id}");
        }

        if (transport.IsTerminal)
        {
            throw new RoutingException(RoutingError.FailedPrecondition, $"transport {transport.Id} is {transport.State}: {transport.CloseReason}");
        }
    }
}
