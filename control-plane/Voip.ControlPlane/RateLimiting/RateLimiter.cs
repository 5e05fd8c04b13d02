using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>
/// Fixed-window limits over an <see cref="IRateLimitStore"/>. A window is identified by its index on the
/// injected clock, so all replicas count into the same key.
/// </summary>
public sealed class RateLimiter(IRateLimitStore store, RateLimitOptions options, TimeProvider time)
{
    public RateLimitOptions Options => options;

    /// <summary>Counts one API request of a client against the general limit.</summary>
    public Task<RateLimitDecision> HitGeneralAsync(string client, CancellationToken cancellationToken) =>
        HitAsync("rl:api", [client], options.GeneralLimit, options.GeneralWindow, cancellationToken);

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
            keys[i] = $"{prefix}:{index}:{ids[i]}";
            highest = Math.Max(highest, await store.IncrementAsync(keys[i], ttl, cancellationToken));
        }

        var retryAfter = (int)Math.Max(1, Math.Ceiling((windowEnd - now).TotalSeconds));
        return new RateLimitDecision(highest <= limit, retryAfter, Math.Max(0, limit - highest), keys);
    }
}
