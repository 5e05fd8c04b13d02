using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Voip.ControlPlane.Presence;

/// <summary>
/// Process-local presence: user → (connection → expiry), plus when each user was last seen. Expiry runs on the
/// monotonic clock because the heartbeats that refresh it run on real time (a step of the wall or a test clock
/// must not expire live sockets); last-seen is a displayed timestamp from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class InMemoryPresenceTracker(IOptions<PresenceOptions> options, TimeProvider time) : IPresenceTracker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> lastSeen = new(StringComparer.Ordinal);

    public bool IsAuthoritative => options.Value.Enforce;

    public Task SetOnlineAsync(string userId, string connectionId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        users.GetOrAdd(userId, static _ => new(StringComparer.Ordinal))[connectionId] =
            Stopwatch.GetTimestamp() + (long)(timeToLive.TotalSeconds * Stopwatch.Frequency);
        lastSeen[userId] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task SetOfflineAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        if (users.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }

        lastSeen[userId] = time.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<bool> IsOnlineAsync(string userId, CancellationToken cancellationToken)
    {
        if (!users.TryGetValue(userId, out var connections))
        {
            return Task.FromResult(false);
        }

        var now = Stopwatch.GetTimestamp();
        foreach (var (connection, expires) in connections)
        {
            if (expires > now)
            {
                return Task.FromResult(true);
            }

            connections.TryRemove(connection, out _);
        }

        return Task.FromResult(false);
    }

    public async Task<PresenceState> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var online = await IsOnlineAsync(userId, cancellationToken);
        return new PresenceState(online, lastSeen.TryGetValue(userId, out var seen) ? seen : null);
    }
}
