using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class BitrateMeterTests
{
    [Test]
    public void SteadyStreamMeasuresItsRate()
    {
        // 2.5 Mbps: 1250-byte packets every 4 ms.
        var meter = new BitrateMeter();
        long t = 10_000;
        for (int i = 0; i < 1000; i++, t += 4)
        {
            meter.Add(1250, t);
            if (i >= 250)
            {
                // Checked at every phase of the 100 ms bucket, always right after a packet.
                Assert.That(meter.GetBitsPerSecond(t), Is.EqualTo(2_500_000).Within(2).Percent, $"at {t}");
            }
        }

        Assert.That(meter.TotalBytes, Is.EqualTo(1_250_000));
        Assert.That(meter.TotalPackets, Is.EqualTo(1000));
    }

    [Test]
    public void OldTrafficLeavesTheWindow()
    {
        var meter = new BitrateMeter();
        meter.Add(1000, 0);
        Assert.That(meter.GetBitsPerSecond(999), Is.EqualTo(8000));
        Assert.That(meter.GetBitsPerSecond(1000), Is.Zero);
        Assert.That(meter.GetBitsPerSecond(50_000), Is.Zero);

        // A bucket slot reused after many seconds starts from zero.
        meter.Add(500, 10_000);
        Assert.That(meter.GetBitsPerSecond(10_999), Is.EqualTo(4000));
    }

    [Test]
    public void RateDropsWhenTheStreamStops()
    {
        var meter = new BitrateMeter();
        for (long t = 0; t < 2000; t += 10)
        {
            meter.Add(100, t);
        }

        long full = meter.GetBitsPerSecond(1999);
        Assert.That(full, Is.EqualTo(80_000).Within(2).Percent);
        Assert.That(meter.GetBitsPerSecond(2499), Is.EqualTo(full / 2).Within(5).Percent);
        Assert.That(meter.GetBitsPerSecond(3000), Is.Zero);
    }

    [Test]
    public void NegativeClockWorks()
    {
        var meter = new BitrateMeter();
        meter.Add(1000, -50);
        Assert.That(meter.GetBitsPerSecond(-1), Is.EqualTo(8000));
    }

    [Test]
    public void ResetClears()
    {
        var meter = new BitrateMeter();
        meter.Add(1000, 0);
        meter.Reset();
        Assert.That(meter.GetBitsPerSecond(999), Is.Zero);
        Assert.That(meter.TotalBytes, Is.Zero);
    }
}
