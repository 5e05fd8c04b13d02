using System.Collections.Concurrent;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>Process-local counters; expired windows are swept as new ones are created.</summary>
public sealed class InMemoryRateLimitStore(TimeProvider time) : IRateLimitStore
{
    private readonly ConcurrentDictionary<string, Counter> counters = new(StringComparer.Ordinal);
    private long nextSweepTicks;

    public Task<long> IncrementAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        Task.FromResult(Increment(key, timeToLive));

    /// <summary>The same as <see cref="IncrementAsync"/>, without a Task per call (the general limit runs per request).</summary>
    public long Increment(string key, TimeSpan timeToLive)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var counter = counters.GetOrAdd(key, static (_, expires) => new Counter(expires), now + timeToLive);
            if (counter.ExpiresAt <= now)
            {
                counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
                continue;
            }

            Sweep(now);
            return Interlocked.Increment(ref counter.Value);
        }
    }

    public Task DecrementAsync(string key, CancellationToken cancellationToken)
    {
        if (counters.TryGetValue(key, out var counter))
        {
            Interlocked.Decrement(ref counter.Value);
        }

        return Task.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now.UtcTicks < Interlocked.Read(ref nextSweepTicks))
        {
            return;
        }

        Interlocked.Exchange(ref nextSweepTicks, (now + TimeSpan.FromMinutes(1)).UtcTicks);
        foreach (var pair in counters)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                counters.TryRemove(pair);
            }
        }
    }

    private sealed class Counter(DateTimeOffset expiresAt)
    {
        public readonly DateTimeOffset ExpiresAt = expiresAt;
        public long Value;
    }
}
