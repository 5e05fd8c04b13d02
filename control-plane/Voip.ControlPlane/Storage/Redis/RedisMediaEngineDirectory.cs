using StackExchange.Redis;
using Voip.ControlPlane.Media;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>
/// The engines' own registrations: the set <c>{prefix}media:engines</c> names them, and each one's
/// <c>{prefix}media:engine:{url}</c> key (load JSON, expiring after three missed heartbeats) says it is alive.
/// A name whose key has expired is taken out of the set here, so the set does not grow with dead engines.
/// </summary>
public sealed class RedisMediaEngineDirectory(RedisConnection redis) : IMediaEngineDirectory
{
    public async Task<IReadOnlyList<Uri>> ListAsync(CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var setKey = redis.Key("media:engines");
        var names = await db.SetMembersAsync(setKey);
        if (names.Length == 0)
        {
            return [];
        }

        var keys = names.Select(n => (RedisKey)redis.Key("media:engine:" + n)).ToArray();
        var entries = await db.StringGetAsync(keys);
        var live = new List<Uri>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            if (entries[i].IsNull)
            {
                await db.SetRemoveAsync(setKey, names[i]);
            }
            else if (Uri.TryCreate(names[i].ToString(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
            {
                live.Add(url);
            }
        }

        return live;
    }
}
