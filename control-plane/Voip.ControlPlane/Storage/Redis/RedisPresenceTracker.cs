using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Voip.ControlPlane.Presence;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>
/// Presence as one sorted set per user: member = connection id, score = expiry (Unix ms). A user is online
/// while any member's score lies in the future; dead replicas' sockets simply age out.
/// Expiry is judged by the Redis server's own clock (TIME inside the scripts), never a replica's: heartbeats
/// run on real time, and one shared clock means replicas whose clocks differ (or a test's manual clock) can
/// neither keep a dead socket online nor read a live one as expired. Last-seen is a displayed timestamp and
/// uses the replica's <see cref="TimeProvider"/>.
/// </summary>
public sealed class RedisPresenceTracker(RedisConnection redis, IOptions<PresenceOptions> options, TimeProvider time) : IPresenceTracker
{
    private static readonly TimeSpan LastSeenRetention = TimeSpan.FromDays(30);

    private const string NowMs = "local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

    /// <summary>KEYS: presence set, last-seen key. ARGV: connection id, ttl ms, last-seen ms, last-seen retention s.</summary>
    private const string SetOnlineScript = NowMs + """
        local ttl = tonumber(ARGV[2])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
        if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
        redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4])
        return 1
        """;

    /// <summary>KEYS: presence set, last-seen key. Returns {live connections, last-seen ms or false}.</summary>
    private const string GetScript = NowMs + """
        return { redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf'), redis.call('GET', KEYS[2]) }
        """;

    public bool IsAuthoritative => options.Value.Enforce;

    public async Task SetOnlineAsync(string userId, string connectionId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        await redis.Database.ScriptEvaluateAsync(
            SetOnlineScript,
            [PresenceKey(userId), LastSeenKey(userId)],
            [connectionId, (long)timeToLive.TotalMilliseconds, time.GetUtcNow().ToUnixTimeMilliseconds(), (long)LastSeenRetention.TotalSeconds]);
    }

    public async Task SetOfflineAsync(string userId, string connectionId, CancellationToken cancellationToken)
    {
        var batch = redis.Database.CreateBatch();
        var remove = batch.SortedSetRemoveAsync(PresenceKey(userId), connectionId);
        var seen = batch.StringSetAsync(LastSeenKey(userId), time.GetUtcNow().ToUnixTimeMilliseconds(), LastSeenRetention);
        batch.Execute();
        await Task.WhenAll(remove, seen);
    }

    public async Task<bool> IsOnlineAsync(string userId, CancellationToken cancellationToken) =>
        (await GetAsync(userId, cancellationToken)).Online;

    public async Task<PresenceState> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(GetScript, [PresenceKey(userId), LastSeenKey(userId)]))!;
        var online = (long)result[0] > 0;
        DateTimeOffset? lastSeen = null;
        if (!result[1].IsNull && long.TryParse((string?)result[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            lastSeen = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return new PresenceState(online, lastSeen);
    }

    private RedisKey PresenceKey(string userId) => redis.Key("presence:" + userId);

    private RedisKey LastSeenKey(string userId) => redis.Key("lastseen:" + userId);
}
