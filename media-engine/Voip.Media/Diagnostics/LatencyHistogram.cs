using System.Diagnostics;
using System.Numerics;

namespace Voip.Media.Diagnostics;

/// <summary>
/// A fixed-size log-linear histogram of durations in <see cref="Stopwatch"/> ticks: each power of two is
/// split into <see cref="SubBuckets"/> equal buckets, so a percentile is within 1/8 (12.5 %) of the true
/// value from a nanosecond up to about a minute. <see cref="Record"/> is one bit scan and one increment:
/// no allocation, no lock. One thread writes; readers on other threads see counts that may be a few
/// records behind (64-bit reads are atomic on the targets we ship), which is fine for diagnostics.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Buckets per power of two (a power of two itself).</summary>
    public const int SubBuckets = 8;

    private const int SubBucketBits = 3;

    // Values below SubBuckets get one bucket each; then (63 - SubBucketBits + 1) octaves of SubBuckets.
    private const int BucketCount = SubBuckets + ((64 - SubBucketBits) * SubBuckets);

    private readonly long[] _counts = new long[BucketCount];
    private long _total;

    /// <summary>Records were made (including those folded into the top bucket).</summary>
    public long Count => Volatile.Read(ref _total);

    /// <summary>Records one duration of <paramref name="ticks"/> Stopwatch ticks (negative counts as 0).</summary>
    public void Record(long ticks)
    {
        _counts[BucketOf(ticks < 0 ? 0UL : (ulong)ticks)]++;
        _total++;
    }

    /// <summary>Forgets everything (the writer thread's call; readers may see a partly cleared histogram).</summary>
    public void Clear()
    {
        Array.Clear(_counts);
        _total = 0;
    }

    /// <summary>Adds <paramref name="other"/>'s counts to this one (to merge windows or shards).</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        long total = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            long c = Volatile.Read(ref other._counts[i]);
            _counts[i] += c;
            total += c;
        }

        _total += total;
    }

    /// <summary>
    /// The value below which <paramref name="quantile"/> (0..1) of the records fall, in Stopwatch ticks
    /// (the middle of the bucket that holds it); 0 when empty.
    /// </summary>
    public double QuantileTicks(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1.0);
        long total = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            total += Volatile.Read(ref _counts[i]);
        }

        if (total == 0)
        {
            return 0;
        }

        // The rank of the wanted record, 1-based: the smallest value with at least q·N records at or below it.
        long rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Midpoint(i);
            }
        }

        return Midpoint(BucketCount - 1);
    }

    /// <summary><see cref="QuantileTicks"/> in microseconds.</summary>
    public double QuantileMicroseconds(double quantile) => QuantileTicks(quantile) * 1_000_000.0 / Stopwatch.Frequency;

    internal static int BucketOf(ulong value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        int msb = 63 - BitOperations.LeadingZeroCount(value);
        int shift = msb - SubBucketBits;
        int sub = (int)(value >> shift) & (SubBuckets - 1);
        return SubBuckets + ((msb - SubBucketBits) * SubBuckets) + sub;
    }

    /// <summary>The smallest value that falls in bucket <paramref name="index"/>.</summary>
    internal static double LowerBound(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        int octave = (index - SubBuckets) / SubBuckets;
        int sub = (index - SubBuckets) % SubBuckets;
        int shift = octave;
        return Math.ScaleB(SubBuckets + sub, shift);
    }

    private static double Midpoint(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        double low = LowerBound(index);
        double width = Math.ScaleB(1, (index - SubBuckets) / SubBuckets);
        // Integer values fill [low, low + width): the middle of those is low + (width - 1) / 2.
        return low + ((width - 1) / 2);
    }
}
