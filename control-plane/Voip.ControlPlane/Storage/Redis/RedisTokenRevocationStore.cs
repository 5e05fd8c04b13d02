using StackExchange.Redis;
using Voip.ControlPlane.Auth;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>Revocations as keys with a TTL equal to the token's remaining life; one EXISTS per check.</summary>
public sealed class RedisTokenRevocationStore(RedisConnection redis, TimeProvider time) : ITokenRevocationStore
{
    public async Task RevokeAsync(string id, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var ttl = until - time.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        await redis.Database.StringSetAsync(redis.Key("revoked:" + id), "1", ttl);
    }

    public async Task<bool> IsRevokedAsync(string tokenId, string sessionId, CancellationToken cancellationToken) =>
        await redis.Database.KeyExistsAsync([redis.Key("revoked:" + tokenId), redis.Key("revoked:" + sessionId)]) > 0;
}
