using StackExchange.Redis;
using Voip.ControlPlane.RateLimiting;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>Counters shared by every replica: INCR and set the expiry on creation, atomically in one script.</summary>
public sealed class RedisRateLimitStore(RedisConnection redis) : IRateLimitStore
{
    private const string IncrementScript = """
        local v = redis.call('INCR', KEYS[1])
        if v == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return v
        """;

    private const string DecrementScript = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
        return 0
        """;

    public async Task<long> IncrementAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var result = await redis.Database.ScriptEvaluateAsync(IncrementScript, [redis.Key(key)], [(long)Math.Ceiling(timeToLive.TotalMilliseconds)]);
        return (long)result;
    }

    public async Task DecrementAsync(string key, CancellationToken cancellationToken) =>
        await redis.Database.ScriptEvaluateAsync(DecrementScript, [redis.Key(key)]);
}
