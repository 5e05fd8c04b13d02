using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Voip.ControlPlane.Presence;

/// <summary>Process-local presence: user → (connection → expiry).</summary>
public sealed class InMemoryPresenceTracker(IOptions<PresenceOptions> options, TimeProvider time) : IPresenceTracker
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> users = new(StringComparer.Ordinal);

    public bool IsAuthoritative => options.Value.Enforce;

    public Task SetOnlineAsync(string userId, string connectionId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        users.GetOrAdd(userId, static _ => new(StringComparer.Ordinal))[connectionId] = time.GetUtcNow() + timeToLive;
        return Task.CompletedTask;
    }

    public Task SetOfflineAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        if (users.TryGetValue(userId, out var connections))
        {
            connections.TryRemove(connectionId, out _);
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsOnlineAsync(string userId, CancellationToken cancellationToken)
    {
        if (!users.TryGetValue(userId, out var connections))
        {
            return Task.FromResult(false);
        }

        var now = time.GetUtcNow();
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
}
