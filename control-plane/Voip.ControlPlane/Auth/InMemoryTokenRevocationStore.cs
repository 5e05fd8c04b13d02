using System.Collections.Concurrent;

namespace Voip.ControlPlane.Auth;

/// <summary>Single-process revocation list; entries are dropped once past their expiry.</summary>
public sealed class InMemoryTokenRevocationStore(TimeProvider time) : ITokenRevocationStore
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> revoked = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    public Task RevokeAsync(string id, DateTimeOffset until, CancellationToken cancellationToken)
    {
        revoked.AddOrUpdate(id, until, (_, existing) => existing > until ? existing : until);
        Sweep();
        return Task.CompletedTask;
    }

    public Task<bool> IsRevokedAsync(string tokenId, string sessionId, CancellationToken cancellationToken)
    {
        if (revoked.IsEmpty)
        {
            return Task.FromResult(false);
        }

        var now = time.GetUtcNow();
        var hit = (revoked.TryGetValue(tokenId, out var a) && a > now) || (revoked.TryGetValue(sessionId, out var b) && b > now);
        return Task.FromResult(hit);
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref nextSweepTicks))
        {
            return;
        }

        Interlocked.Exchange(ref nextSweepTicks, (now + TimeSpan.FromMinutes(1)).UtcTicks);
        foreach (var (key, until) in revoked)
        {
            if (until <= now)
            {
                revoked.TryRemove(key, out _);
            }
        }
    }
}
