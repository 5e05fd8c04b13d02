using System.Threading.Channels;
using Voip.Media.Transport;

namespace Voip.Media.Engine;

/// <summary>
/// Fans engine events out to every subscriber (gRPC event streams). Each subscriber has a bounded
/// queue: a slow reader loses its oldest events rather than slowing the engine.
/// </summary>
public sealed class EngineEventHub
{
    private const int QueueCapacity = 4096;
    private readonly Lock _gate = new();
    private Channel<EngineEvent>[] _subscribers = [];

    public ChannelReader<EngineEvent> Subscribe(CancellationToken cancellation)
    {
        var channel = Channel.CreateBounded<EngineEvent>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        cancellation.Register(() =>
        {
            lock (_gate)
            {
                _subscribers = [.. _subscribers.Where(c => c != channel)];
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    public void PublishTransport(string transportId, TransportState state, string? reason) =>
        Publish(new TransportStateEvent(Now, transportId, state, reason));

    public void PublishProducerClosed(string producerId, string reason) =>
        Publish(new ProducerClosedEvent(Now, producerId, reason));

    public void PublishConsumer(string consumerId, bool closed, string? reason, bool producerPaused, int? layer) =>
        Publish(new ConsumerStateEvent(Now, consumerId, closed, reason, producerPaused, layer));

    public void PublishActiveSpeaker(string routerId, string? producerId, int levelDbov) =>
        Publish(new ActiveSpeakerEvent(Now, routerId, producerId, levelDbov));

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private void Publish(EngineEvent evt)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Writer.TryWrite(evt);
        }
    }
}
