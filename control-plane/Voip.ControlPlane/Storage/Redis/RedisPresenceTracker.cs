using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Voip.ControlPlane.Presence;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>
/// Presence as one sorted set per user: member = connection id, score = expiry (Unix ms). A user is online
/// while any member's score lies in the future; dead replicas' sockets simply age out.
/// </summary>
public sealed class RedisPresenceTracker(RedisConnection redis, IOptions<PresenceOptions> options, TimeProvider time) : IPresenceTracker
{
    public bool IsAuthoritative => options.Value.Enforce;

    public async Task SetOnlineAsync(string userId, string connectionId, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        var key = redis.Key("presence:" + userId);
        var expires = (time.GetUtcNow() + timeToLive).ToUnixTimeMilliseconds();
        var batch = redis.Database.CreateBatch();
        var add = batch.SortedSetAddAsync(key, connectionId, expires);
        var expire = batch.KeyExpireAsync(key, timeToLive, ExpireWhen.GreaterThanCurrentExpiry);
        var expireNew = batch.KeyExpireAsync(key, timeToLive, ExpireWhen.HasNoExpiry);
        batch.Execute();
        await Task.WhenAll(add, expire, expireNew);
    }

    public async Task SetOfflineAsync(string userId, string connectionId, CancellationToken cancellationToken) =>
        await redis.Database.SortedSetRemoveAsync(redis.Key("presence:" + userId), connectionId);

    public async Task<bool> IsOnlineAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return await redis.Database.SortedSetLengthAsync(redis.Key("presence:" + userId), now, double.PositiveInfinity, Exclude.Start) > 0;
    }
}
