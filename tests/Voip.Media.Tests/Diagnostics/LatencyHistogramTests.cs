using Voip.Media.Tests.Testing;
using System.Diagnostics;
using Voip.Media.Diagnostics;

namespace Voip.Media.Tests.Diagnostics;

public class LatencyHistogramTests
{
    [Test]
    public void Empty_QuantilesAreZero()
    {
        var h = new LatencyHistogram();
        Assert.Multiple(() =>
        {
            Assert.That(h.Count, Is.Zero);
            Assert.That(h.QuantileTicks(0.5), Is.Zero);
            Assert.That(h.QuantileTicks(0.99), Is.Zero);
        });
    }

    [Test]
    public void SmallValues_AreExact()
    {
        var h = new LatencyHistogram();
        for (int v = 0; v < 16; v++)
        {
            h.Record(v);
        }

        // 16 records 0..15: the 50% rank is the 8th record, value 7; values below 16 have a bucket each.
        Assert.Multiple(() =>
        {
            Assert.That(h.QuantileTicks(0.5), Is.EqualTo(7));
            Assert.That(h.QuantileTicks(1.0), Is.EqualTo(15));
            Assert.That(h.QuantileTicks(0.0), Is.EqualTo(0));
        });
    }

    [Test]
    public void BucketsCoverEveryValue_WithinOneEighth()
    {
        var random = new Random(7);
        for (int i = 0; i < 100_000; i++)
        {
            ulong value = (ulong)random.NextInt64(1, long.MaxValue) >> random.Next(0, 62);
            int bucket = LatencyHistogram.BucketOf(value);
            double low = LatencyHistogram.LowerBound(bucket);
            Assert.That(value, Is.GreaterThanOrEqualTo(low), $"value {value} below bucket {bucket}");
            Assert.That((double)value, Is.LessThan(low + Math.Max(1, low / LatencyHistogram.SubBuckets)), $"value {value} above bucket {bucket}");
        }
    }

    [Test]
    public void Quantiles_OfUniformMicroseconds_AreWithinResolution()
    {
        var h = new LatencyHistogram();
        long tick = Stopwatch.Frequency / 1_000_000; // ticks per µs
        for (int us = 1; us <= 1000; us++)
        {
            h.Record(us * tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(h.Count, Is.EqualTo(1000));
            Assert.That(h.QuantileMicroseconds(0.50), Is.EqualTo(500).Within(12.5).Percent);
            Assert.That(h.QuantileMicroseconds(0.99), Is.EqualTo(990).Within(12.5).Percent);
        });
    }

    [Test]
    public void Add_MergesCounts_Clear_Forgets()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        for (int i = 0; i < 99; i++)
        {
            a.Record(100);
        }

        b.Record(1_000_000);
        a.Add(b);
        Assert.Multiple(() =>
        {
            Assert.That(a.Count, Is.EqualTo(100));
            Assert.That(a.QuantileTicks(0.99), Is.EqualTo(100).Within(12.5).Percent);
            Assert.That(a.QuantileTicks(1.0), Is.EqualTo(1_000_000).Within(12.5).Percent);
        });

        a.Clear();
        Assert.That(a.QuantileTicks(0.5), Is.Zero);
    }

    [Test]
    public void Record_DoesNotAllocate()
    {
        var h = new LatencyHistogram();
        long allocated = ThreadAllocations.InQuietestRun(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                h.Record(i * 997L);
            }
        });

        Assert.That(allocated, Is.Zero);
    }
}
