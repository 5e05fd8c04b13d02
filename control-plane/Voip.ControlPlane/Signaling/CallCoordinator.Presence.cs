using System.Text.Json;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Events;

namespace Voip.ControlPlane.Signaling;

public sealed partial class CallCoordinator
{
    public const string PresenceTopic = "presence";
    public const string PresenceChangedType = "presence.changed";
    private const int MaxWatchedUsers = 200;

    /// <summary>
    /// Who watches whom on this replica: user id → this replica's sockets subscribed to that user's presence. A
    /// presence change (every first connect and last disconnect of a user) looks up its watchers here instead of
    /// scanning every socket, which made connecting N sockets cost O(N²). Guards each socket's
    /// <see cref="SignalingConnection.Watching"/> too.
    /// </summary>
    private readonly Dictionary<string, List<SignalingConnection>> watchers = new(StringComparer.Ordinal);
    private readonly Lock watchersGate = new();

    /// <summary>
    /// presence-subscribe {userIds:[…]}: acks the current state {success, presence:{id:bool}} and from then on
    /// pushes <c>presence {userId, online}</c> to this socket when any of them comes or goes.
    /// </summary>
    private async Task PresenceSubscribeAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        if (!payload.TryGetProperty("userIds", out var ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() > MaxWatchedUsers)
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, $"userIds must be an array of at most {MaxWatchedUsers} user ids", null, invalid: true);
            return;
        }

        var list = new List<string>();
        foreach (var id in ids.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String || !ObjectIds.IsValid(id.GetString()))
            {
                await FailAsync(connection, ackId, ErrorCodes.Validation, "userIds must be user ids", null, invalid: true);
                return;
            }

            list.Add(id.GetString()!);
        }

        var states = new bool[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            states[i] = await presence.IsOnlineAsync(list[i], CancellationToken.None);
        }

        Watch(connection, list);

        connection.Ack(ackId, SignalPayload.Build((list, states), static (w, s) =>
        {
            w.WriteBoolean("success", true);
            w.WriteStartObject("presence");
            for (var i = 0; i < s.list.Count; i++)
            {
                w.WriteBoolean(s.list[i], s.states[i]);
            }

            w.WriteEndObject();
        }));
    }

    private async Task PublishPresenceAsync(string userId, bool online)
    {
        var data = JsonSerializer.Serialize(new PresenceChange(userId, online), SignalingJsonContext.Default.PresenceChange);
        await bus.PublishAsync(PresenceTopic, new BusMessage(PresenceChangedType, data), CancellationToken.None);
    }

    /// <summary>Pushes a presence change to this replica's sockets that watch the user.</summary>
    internal Task OnPresenceChangedAsync(BusMessage message)
    {
        if (message.Type != PresenceChangedType)
        {
            return Task.CompletedTask;
        }

        PresenceChange? change;
        try
        {
            change = JsonSerializer.Deserialize(message.Data, SignalingJsonContext.Default.PresenceChange);
        }
        catch (JsonException)
        {
            return Task.CompletedTask;
        }

        if (change is null)
        {
            return Task.CompletedTask;
        }

        SignalingConnection[] targets;
        lock (watchersGate)
        {
            if (!watchers.TryGetValue(change.UserId, out var list))
            {
                return Task.CompletedTask;
            }

            targets = [.. list];
        }

        var payload = SignalPayload.Build(change, static (w, c) =>
        {
            w.WriteString("userId", c.UserId);
            w.WriteBoolean("online", c.Online);
        });
        foreach (var connection in targets)
        {
            connection.Emit(SignalingEvents.Presence, payload);
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds <paramref name="userIds"/> to what the socket watches (starting over past the cap).</summary>
    private void Watch(SignalingConnection connection, List<string> userIds)
    {
        lock (watchersGate)
        {
            if (connection.Watching.Count + userIds.Count > MaxWatchedUsers)
            {
                UnwatchLocked(connection);
            }

            foreach (var id in userIds)
            {
                if (connection.Watching.Add(id))
                {
                    if (!watchers.TryGetValue(id, out var list))
                    {
                        watchers[id] = list = [];
                    }

                    list.Add(connection);
                }
            }
        }
    }

    /// <summary>The socket closed: it watches nobody any more. Its receive loop has ended, so no subscribe races this.</summary>
    internal void Unwatch(SignalingConnection connection)
    {
        if (connection.Watching.Count == 0)
        {
            return;
        }

        lock (watchersGate)
        {
            UnwatchLocked(connection);
        }
    }

    private void UnwatchLocked(SignalingConnection connection)
    {
        foreach (var id in connection.Watching)
        {
            if (watchers.TryGetValue(id, out var list) && list.Remove(connection) && list.Count == 0)
            {
                watchers.Remove(id);
            }
        }

        connection.Watching.Clear();
    }
}
