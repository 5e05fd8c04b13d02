using System.Collections.Concurrent;

namespace Voip.ControlPlane.Calls;

/// <summary>
/// Finished GET /api/calls/history bodies (the exact response bytes), keyed by <see cref="CallHistoryPageKey"/>
/// and served only while the <see cref="CallHistoryStamp"/> they were read under is still current, so a new or
/// changed call, or a renamed user, shows on the very next request.
/// </summary>
/// <remarks>
/// The stamps are process-local, so the cache is only enabled when this process is the only writer of the
/// store: without Redis (one replica — revocations, presence and rate limits are per process then too). With
/// Redis configured, replicas share the store and a page could change behind our back, so
/// <see cref="Enabled"/> is false and every request reads the store. Memory is bounded by
/// <paramref name="maxBytes"/>: past it the cache starts over (pages are cheap to rebuild).
/// </remarks>
public sealed class CallHistoryCache(CallHistoryVersions versions, bool enabled, long maxBytes)
{
    /// <summary>Default budget for cached bodies: 32 MiB (a 20-call page is ~7 KB).</summary>
    public const long DefaultMaxBytes = 32L << 20;

    // Charged per entry on top of its body (key, entry object, dictionary node), so a client walking thousands
    // of empty pages cannot grow the cache past its budget either.
    private const int EntryOverhead = 128;

    private readonly ConcurrentDictionary<CallHistoryPageKey, Entry> entries = new();
    private long bytes;

    public bool Enabled => enabled;

    /// <summary>The bytes charged now, bodies plus a fixed overhead per entry (approximate while writers race).</summary>
    public long Bytes => Interlocked.Read(ref bytes);

    /// <summary>The stamp to store a page under; take it before reading the store.</summary>
    public CallHistoryStamp Stamp(string userId) => versions.Current(userId);

    /// <summary>The cached body for <paramref name="key"/> when it is still current.</summary>
    public bool TryGet(in CallHistoryPageKey key, out byte[] body)
    {
        if (enabled && entries.TryGetValue(key, out var entry) && entry.Stamp == versions.Current(key.UserId))
        {
            body = entry.Body;
            return true;
        }

        body = [];
        return false;
    }

    /// <summary>Remembers <paramref name="body"/>, read under <paramref name="stamp"/> (taken before the read).</summary>
    public void Store(in CallHistoryPageKey key, CallHistoryStamp stamp, byte[] body)
    {
        var size = body.Length + EntryOverhead;
        if (!enabled || size > maxBytes)
        {
            return;
        }

        if (Interlocked.Add(ref bytes, size) > maxBytes)
        {
            entries.Clear();
            Interlocked.Exchange(ref bytes, size);
        }

        var entry = new Entry(stamp, body);
        while (true)
        {
            if (entries.TryGetValue(key, out var old))
            {
                if (entries.TryUpdate(key, entry, old))
                {
                    Interlocked.Add(ref bytes, -(old.Body.Length + EntryOverhead));
                    return;
                }
            }
            else if (entries.TryAdd(key, entry))
            {
                return;
            }
        }
    }

    private sealed record Entry(CallHistoryStamp Stamp, byte[] Body);
}
