namespace Voip.ControlPlane.Events;

/// <summary>
/// Publish/subscribe between features and replicas (seed §5.1: "이벤트 발행 → Redis Pub/Sub → Signaling").
/// Redis pub/sub when REDIS_HOST is set (at-most-once, every subscribed replica receives each message);
/// in-process otherwise. Handlers run off the publisher's thread and must not throw.
/// </summary>
public interface IEventBus
{
    Task PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken);

    /// <summary>Delivers every message published to <paramref name="topic"/> until the returned handle is disposed.</summary>
    Task<IAsyncDisposable> SubscribeAsync(string topic, Func<BusMessage, Task> handler, CancellationToken cancellationToken);
}
