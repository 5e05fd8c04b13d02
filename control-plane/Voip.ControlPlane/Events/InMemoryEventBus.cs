using System.Collections.Concurrent;

namespace Voip.ControlPlane.Events;

/// <summary>Single-process bus: handlers are invoked on the thread pool, in no particular order.</summary>
public sealed class InMemoryEventBus(ILogger<InMemoryEventBus> logger) : IEventBus
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> topics = new(StringComparer.Ordinal);

    public Task PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        if (topics.TryGetValue(topic, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await subscription.Handler(message);
                    }
                    catch (Exception ex)
                    {
                        EventsLog.HandlerFailed(logger, ex, topic);
                    }
                }, CancellationToken.None);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IAsyncDisposable> SubscribeAsync(string topic, Func<BusMessage, Task> handler, CancellationToken cancellationToken)
    {
        var subscription = new Subscription(this, topic, handler);
        topics.GetOrAdd(topic, static _ => new())[subscription] = 0;
        return Task.FromResult<IAsyncDisposable>(subscription);
    }

    private sealed class Subscription(InMemoryEventBus bus, string topic, Func<BusMessage, Task> handler) : IAsyncDisposable
    {
        public Func<BusMessage, Task> Handler => handler;

        public ValueTask DisposeAsync()
        {
            if (bus.topics.TryGetValue(topic, out var subscriptions))
            {
                subscriptions.TryRemove(this, out _);
            }

            return ValueTask.CompletedTask;
        }
    }
}
