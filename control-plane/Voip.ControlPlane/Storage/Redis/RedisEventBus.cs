using System.Text.Json;
using StackExchange.Redis;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Events;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>The bus over Redis pub/sub: channel = prefix + "events:" + topic, payload = JSON <see cref="BusEnvelope"/>.</summary>
public sealed class RedisEventBus(RedisConnection redis, ILogger<RedisEventBus> logger) : IEventBus
{
    public async Task PublishAsync(string topic, BusMessage message, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Serialize(new BusEnvelope(message.Type, message.Data), VoipJsonContext.Default.BusEnvelope);
        await redis.Multiplexer.GetSubscriber().PublishAsync(Channel(topic), payload);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string topic, Func<BusMessage, Task> handler, CancellationToken cancellationToken)
    {
        var queue = await redis.Multiplexer.GetSubscriber().SubscribeAsync(Channel(topic));
        queue.OnMessage(async received =>
        {
            BusEnvelope? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize((string)received.Message!, VoipJsonContext.Default.BusEnvelope);
            }
            catch (JsonException)
            {
                envelope = null;
            }

            if (envelope is null)
            {
                EventsLog.Malformed(logger, topic);
                return;
            }

            try
            {
                await handler(new BusMessage(envelope.Type, envelope.Data));
            }
            catch (Exception ex)
            {
                EventsLog.HandlerFailed(logger, ex, topic);
            }
        });
        return new Subscription(queue);
    }

    private RedisChannel Channel(string topic) => RedisChannel.Literal(redis.Key("events:" + topic));

    private sealed class Subscription(ChannelMessageQueue queue) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await queue.UnsubscribeAsync();
    }
}
