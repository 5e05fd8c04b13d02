namespace Voip.Media.Routing;

/// <summary>
/// Bits per second over a sliding one-second window, as ten 100 ms buckets: <see cref="Add"/> is an
/// index and an add, and the estimate moves in 100 ms steps, which is smooth enough for layer selection and
/// stats. The newest bucket is partly filled, so the window spans 900 ms plus the elapsed part of the
/// current bucket and the sum is scaled by that span. During the first second of a stream the rate is
/// underestimated (the empty part of the window counts as silence). Single-threaded.
/// </summary>
public sealed class BitrateMeter
{
    private const int BucketMs = 100;
    private const int BucketCount = 10;

    private readonly long[] _bytes = new long[BucketCount];
    private readonly long[] _bucketTime = new long[BucketCount];

    public BitrateMeter() => Reset();

    /// <summary>Bytes added since construction (or <see cref="Reset"/>).</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Packets added since construction (or <see cref="Reset"/>).</summary>
    public long TotalPackets { get; private set; }

    public void Add(int bytes, long nowMs)
    {
        long bucket = FloorDiv(nowMs);
        int index = (int)(((bucket % BucketCount) + BucketCount) % BucketCount);
        if (_bucketTime[index] != bucket)
        {
            _bucketTime[index] = bucket;
            _bytes[index] = 0;
        }

        _bytes[index] += bytes;
        TotalBytes += bytes;
        TotalPackets++;
    }

    public long GetBitsPerSecond(long nowMs)
    {
        long current = FloorDiv(nowMs);
        long sum = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            long time = _bucketTime[i];
            if (time != long.MinValue && current - time is >= 0 and < BucketCount)
            {
                sum += _bytes[i];
            }
        }

        long spanMs = ((BucketCount - 1) * BucketMs) + (nowMs - (current * BucketMs)) + 1;
        return sum * 8 * 1000 / spanMs;
    }

    public void Reset()
    {
        _bytes.AsSpan().Clear();
        _bucketTime.AsSpan().Fill(long.MinValue);
        TotalBytes = 0;
        TotalPackets = 0;
    }

    private static long FloorDiv(long ms) => ms >= 0 ? ms / BucketMs : ((ms + 1) / BucketMs) - 1;
}
