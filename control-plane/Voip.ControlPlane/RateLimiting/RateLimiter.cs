using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>
/// Fixed-window limits over an <see cref="IRateLimitStore"/>. A window is identified by its index on the
/// injected clock, so all replicas count into the same key.
/// </summary>
public sealed class RateLimiter(IRateLimitStore store, RateLimitOptions options, TimeProvider time)
{
    public RateLimitOptions Options => options;

    /// <summary>The general limit's last key: the same client in the same window reuses it (no key string per request).</summary>
    private GeneralKey? lastGeneral;

    /// <summary>
    /// Counts one API request of a client against the general limit; completes synchronously with the in-process
    /// store (this runs on every /api request).
    /// </summary>
    public ValueTask<RateLimitDecision> HitGeneralAsync(string client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var window = options.GeneralWindow.Ticks;
        var index = now.UtcTicks / window;
        var key = Volatile.Read(ref lastGeneral);
        if (key is null || key.Index != index || !string.Equals(key.Client, client, StringComparison.Ordinal))
        {
            key = new GeneralKey(client, index, [Key("rl:api", index, client)]);
            Volatile.Write(ref lastGeneral, key);
        }

        var windowEnd = new DateTimeOffset((index + 1) * window, TimeSpan.Zero);
        var ttl = windowEnd - now + TimeSpan.FromSeconds(1);
        if (store is InMemoryRateLimitStore memory)
        {
            return ValueTask.FromResult(Decide(memory.Increment(key.Keys[0], ttl), options.GeneralLimit, windowEnd, now, key.Keys));
        }

        return AwaitGeneralAsync(store.IncrementAsync(key.Keys[0], ttl, cancellationToken), windowEnd, now, key.Keys);
    }

    /// <summary>
    /// Counts one authentication attempt against the client and (for login) the account. Callers undo it with
    /// <see cref="ForgiveAsync"/> when the attempt succeeds.
    /// </summary>
    public Task<RateLimitDecision> HitAuthAsync(string client, string? account, CancellationToken cancellationToken) =>
        HitAsync("rl:auth", account is null ? ["ip:" + client] : ["ip:" + client, "acct:" + account], options.AuthLimit, options.AuthWindow, cancellationToken);

    public async Task ForgiveAsync(RateLimitDecision decision, CancellationToken cancellationToken)
    {
        foreach (var key in decision.Keys)
        {
            await store.DecrementAsync(key, cancellationToken);
        }
    }

    /// <summary>Throws the 429 RATE001 error for a refused decision.</summary>
    public static ApiException TooMany(RateLimitDecision decision, string what) =>
        new(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, $"Too many {what}; try again in {decision.RetryAfterSeconds} seconds")
        {
            RetryAfterSeconds = decision.RetryAfterSeconds,
        };

    private async Task<RateLimitDecision> HitAsync(string prefix, string[] ids, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var windowTicks = window.Ticks;
        var index = now.UtcTicks / windowTicks;
        var windowEnd = new DateTimeOffset((index + 1) * windowTicks, TimeSpan.Zero);
        var ttl = windowEnd - now + TimeSpan.FromSeconds(1);
        var keys = new string[ids.Length];
        long highest = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            keys[i] = Key(prefix, index, ids[i]);
            highest = Math.Max(highest, await store.IncrementAsync(keys[i], ttl, cancellationToken));
        }

        return Decide(highest, limit, windowEnd, now, keys);
    }

    private async ValueTask<RateLimitDecision> AwaitGeneralAsync(Task<long> increment, DateTimeOffset windowEnd, DateTimeOffset now, string[] keys) =>
        Decide(await increment, options.GeneralLimit, windowEnd, now, keys);

    private static RateLimitDecision Decide(long count, int limit, DateTimeOffset windowEnd, DateTimeOffset now, string[] keys)
    {
        var retryAfter = (int)Math.Max(1, Math.Ceiling((windowEnd - now).TotalSeconds));
        return new RateLimitDecision(count <= limit, retryAfter, Math.Max(0, limit - count), keys);
    }

    private static string Key(string prefix, long index, string id) => $"{prefix}:{index}:{id}";

    private sealed record GeneralKey(string Client, long Index, string[] Keys);
}
