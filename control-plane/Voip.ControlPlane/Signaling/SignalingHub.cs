using System.Collections.Concurrent;
using System.Text.Json;
using Voip.ControlPlane.Events;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// This replica's sockets by user, and delivery of socket events to users wherever they are connected: local
/// sockets directly, other replicas through the bus topic <c>user:{id}</c> (subscribed while the user has a
/// socket here). With the in-process bus there are no other replicas, so nothing is published.
/// </summary>
public sealed class SignalingHub(IEventBus bus, ILogger<SignalingHub> logger)
{
    public const string SignalType = "signal";

    private readonly ConcurrentDictionary<string, UserSockets> users = new(StringComparer.Ordinal);
    private readonly bool distributed = bus is not InMemoryEventBus;

    /// <summary>Identifies this replica in envelopes so it can skip its own copies.</summary>
    public string ReplicaId { get; } = Guid.NewGuid().ToString("N");

    public int LocalUserCount => users.Count;

    internal async Task RegisterAsync(SignalingConnection connection)
    {
        while (true)
        {
            var entry = users.GetOrAdd(connection.UserId, static _ => new UserSockets());
            await entry.Gate.WaitAsync();
            try
            {
                if (entry.Dead)
                {
                    continue;
                }

                entry.Connections = [.. entry.Connections, connection];
                if (entry.Subscription is null && distributed)
                {
                    var userId = connection.UserId;
                    entry.Subscription = await bus.SubscribeAsync(EventTopics.User(userId), m => OnBusMessage(userId, m), CancellationToken.None);
                }

                return;
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    internal async Task UnregisterAsync(SignalingConnection connection)
    {
        if (!users.TryGetValue(connection.UserId, out var entry))
        {
            return;
        }

        IAsyncDisposable? subscription = null;
        await entry.Gate.WaitAsync();
        try
        {
            entry.Connections = Array.FindAll(entry.Connections, c => c != connection);
            if (entry.Connections.Length == 0)
            {
                entry.Dead = true;
                users.TryRemove(new KeyValuePair<string, UserSockets>(connection.UserId, entry));
                subscription = entry.Subscription;
                entry.Subscription = null;
            }
        }
        finally
        {
            entry.Gate.Release();
        }

        if (subscription is not null)
        {
            await subscription.DisposeAsync();
        }
    }

    /// <summary>This replica's sockets of the user (a snapshot).</summary>
    public IReadOnlyList<SignalingConnection> LocalConnections(string userId) =>
        users.TryGetValue(userId, out var entry) ? entry.Connections : [];

    /// <summary>
    /// Emits an event to a user's sockets on every replica: all of them, only <paramref name="only"/>, or all but
    /// <paramref name="except"/>.
    /// </summary>
    public async Task SendToUserAsync(string userId, string eventName, string payload, string? only = null, string? except = null)
    {
        if (DeliverLocal(userId, eventName, payload, only, except) || !distributed)
        {
            return;
        }

        var envelope = new SignalEnvelope(eventName, payload, only, except, ReplicaId);
        var data = JsonSerializer.Serialize(envelope, SignalingJsonContext.Default.SignalEnvelope);
        await bus.PublishAsync(EventTopics.User(userId), new BusMessage(SignalType, data), CancellationToken.None);
    }

    /// <summary>Delivers to this replica's sockets; true when the one targeted socket was found here (no need to publish).</summary>
    private bool DeliverLocal(string userId, string eventName, string payload, string? only, string? except)
    {
        if (!users.TryGetValue(userId, out var entry))
        {
            return false;
        }

        foreach (var c in entry.Connections)
        {
            if ((only is not null && c.Sid != only) || c.Sid == except)
            {
                continue;
            }

            c.Emit(eventName, payload);
            if (only is not null)
            {
                return true;
            }
        }

        return false;
    }

    private Task OnBusMessage(string userId, BusMessage message)
    {
        if (message.Type != SignalType)
        {
            return Task.CompletedTask;
        }

        SignalEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(message.Data, SignalingJsonContext.Default.SignalEnvelope);
        }
        catch (JsonException)
        {
            envelope = null;
        }

        if (envelope is null)
        {
            SignalingLog.MalformedEnvelope(logger, userId);
            return Task.CompletedTask;
        }

        if (envelope.Origin != ReplicaId)
        {
            DeliverLocal(userId, envelope.Event, envelope.Payload, envelope.Connection, envelope.Except);
        }

        return Task.CompletedTask;
    }

    private sealed class UserSockets
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SignalingConnection[] Connections { get; set; } = [];

        public IAsyncDisposable? Subscription { get; set; }

        public bool Dead { get; set; }
    }
}
