using Voip.Media.Tests.Testing;
using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class NackGeneratorTests
{
    private static ushort[] Collect(NackGenerator nack, long nowMs, int rttMs = 50)
    {
        Span<ushort> buffer = stackalloc ushort[64];
        int n = nack.CollectDue(nowMs, rttMs, buffer);
        return buffer[..n].ToArray();
    }

    [Test]
    public void InOrderStreamHasNothingMissing()
    {
        var nack = new NackGenerator();
        for (int i = 0; i < 100; i++)
        {
            Assert.That(nack.OnPacket((ushort)(65500 + i), false, false, i), Is.EqualTo(NackPacketResult.New));
        }

        Assert.That(nack.MissingCount, Is.Zero);
        Assert.That(Collect(nack, 1000), Is.Empty);
    }

    [Test]
    public void GapIsRequestedAfterTheReorderDelayThenRetriedEveryRtt()
    {
        var nack = new NackGenerator(reorderDelayMs: 10);
        nack.OnPacket(10, false, false, 0);
        nack.OnPacket(13, false, false, 100);
        Assert.That(nack.MissingCount, Is.EqualTo(2));

        Assert.That(Collect(nack, 109), Is.Empty, "still within the reorder delay");
        Assert.That(Collect(nack, 110), Is.EqualTo(new ushort[] { 11, 12 }));
        Assert.That(Collect(nack, 159, rttMs: 50), Is.Empty);
        Assert.That(Collect(nack, 160, rttMs: 50), Is.EqualTo(new ushort[] { 11, 12 }));

        // RTT below 20 ms: retries are still 20 ms apart.
        Assert.That(Collect(nack, 175, rttMs: 5), Is.Empty);
        Assert.That(Collect(nack, 180, rttMs: 5), Is.EqualTo(new ushort[] { 11, 12 }));
    }

    [Test]
    public void ZeroReorderDelayAsksAtOnce()
    {
        var nack = new NackGenerator(reorderDelayMs: 0);
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(3, false, false, 5);
        Assert.That(Collect(nack, 5), Is.EqualTo(new ushort[] { 2 }));
    }

    [Test]
    public void LateAndRecoveredPacketsLeaveTheList()
    {
        var nack = new NackGenerator();
        nack.OnPacket(100, false, false, 0);
        nack.OnPacket(105, false, false, 0);
        Assert.That(nack.OnPacket(101, false, false, 1), Is.EqualTo(NackPacketResult.OutOfOrder));
        Assert.That(nack.OnPacket(103, false, isRecovered: true, 1), Is.EqualTo(NackPacketResult.Recovered));
        Assert.That(nack.OnPacket(103, false, isRecovered: true, 1), Is.EqualTo(NackPacketResult.Duplicate));
        Assert.That(nack.OnPacket(105, false, false, 1), Is.EqualTo(NackPacketResult.Duplicate));
        Assert.That(nack.OnPacket(100, false, false, 1), Is.EqualTo(NackPacketResult.Duplicate));
        Assert.That(nack.MissingCount, Is.EqualTo(2));
        Assert.That(Collect(nack, 50), Is.EqualTo(new ushort[] { 102, 104 }));
    }

    [Test]
    public void WrapAroundGapIsReportedWithWrappedNumbers()
    {
        var nack = new NackGenerator();
        nack.OnPacket(65533, false, false, 0);
        nack.OnPacket(2, false, false, 0);
        Assert.That(Collect(nack, 20), Is.EqualTo(new ushort[] { 65534, 65535, 0, 1 }));
        Assert.That(nack.OnPacket(65535, false, false, 21), Is.EqualTo(NackPacketResult.OutOfOrder));
        Assert.That(nack.OnPacket(0, false, true, 21), Is.EqualTo(NackPacketResult.Recovered));
        Assert.That(Collect(nack, 100), Is.EqualTo(new ushort[] { 65534, 1 }));
    }

    [Test]
    public void GivesUpAfterMaxRetries()
    {
        var nack = new NackGenerator(reorderDelayMs: 0, maxRetries: 3, maxAgeMs: 10_000);
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(3, false, false, 0);
        int requests = 0;
        for (long t = 0; t < 1000; t += 20)
        {
            requests += Collect(nack, t, rttMs: 20).Length;
        }

        Assert.That(requests, Is.EqualTo(3));
        Assert.That(nack.MissingCount, Is.Zero);
        Assert.That(nack.GivenUp, Is.EqualTo(1));
    }

    [Test]
    public void TenTriesByDefault()
    {
        var nack = new NackGenerator();
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(3, false, false, 0);
        int requests = 0;
        for (long t = 0; t < 900; t += 10)
        {
            requests += Collect(nack, t, rttMs: 0).Length;
        }

        Assert.That(requests, Is.EqualTo(10));
    }

    [Test]
    public void ForgetsLossesOlderThanMaxAge()
    {
        var nack = new NackGenerator(maxAgeMs: 1000);
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(3, false, false, 0);
        Assert.That(Collect(nack, 1000, rttMs: 500), Is.EqualTo(new ushort[] { 2 }));
        Assert.That(Collect(nack, 1001, rttMs: 500), Is.Empty);
        Assert.That(nack.MissingCount, Is.Zero);
    }

    [Test]
    public void KeyFrameDropsOlderLosses()
    {
        var nack = new NackGenerator();
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(5, false, false, 0);  // 2, 3, 4 missing
        nack.OnPacket(8, true, false, 0);   // 6, 7 missing but before the key frame: none kept
        Assert.That(nack.MissingCount, Is.Zero);
        nack.OnPacket(10, false, false, 0); // 9 missing
        Assert.That(Collect(nack, 20), Is.EqualTo(new ushort[] { 9 }));
    }

    [Test]
    public void LateKeyFramePacketDropsLossesBeforeIt()
    {
        var nack = new NackGenerator();
        nack.OnPacket(1, false, false, 0);
        nack.OnPacket(10, false, false, 0); // 2..9 missing
        Assert.That(nack.OnPacket(6, true, false, 0), Is.EqualTo(NackPacketResult.OutOfOrder));
        Assert.That(Collect(nack, 20), Is.EqualTo(new ushort[] { 7, 8, 9 }));
    }

    [Test]
    public void OverflowClearsAndAsksForAKeyFrame()
    {
        var nack = new NackGenerator(maxMissing: 100);
        nack.OnPacket(0, false, false, 0);
        nack.OnPacket(60, false, false, 0);
        Assert.That(nack.MissingCount, Is.EqualTo(59));
        Assert.That(nack.KeyFrameNeeded, Is.False);
        nack.OnPacket(110, false, false, 0);  // 59 + 49 > 100
        Assert.That(nack.MissingCount, Is.Zero);
        Assert.That(nack.KeyFrameNeeded, Is.True);
        Assert.That(nack.Overflows, Is.EqualTo(1));

        nack.OnKeyFrameRequested();
        Assert.That(nack.KeyFrameNeeded, Is.False);

        nack.OnPacket(5000, false, false, 0);  // a jump: also beyond repair
        Assert.That(nack.KeyFrameNeeded, Is.True);
        nack.OnPacket(5001, true, false, 0);   // the key frame arrives
        Assert.That(nack.KeyFrameNeeded, Is.False);
    }

    [Test]
    public void FarOlderPacketsAreTooOld()
    {
        var nack = new NackGenerator();
        nack.OnPacket(20000, false, false, 0);
        Assert.That(nack.OnPacket(19001, false, false, 0), Is.EqualTo(NackPacketResult.Duplicate));
        Assert.That(nack.OnPacket(19000, false, false, 0), Is.EqualTo(NackPacketResult.TooOld));
        Assert.That(nack.OnPacket(18000, false, false, 0), Is.EqualTo(NackPacketResult.TooOld));
    }

    [Test]
    public void OutputLimitLeavesTheRestDue()
    {
        var nack = new NackGenerator(reorderDelayMs: 0);
        nack.OnPacket(0, false, false, 0);
        nack.OnPacket(6, false, false, 0);
        Span<ushort> two = stackalloc ushort[2];
        Assert.That(nack.CollectDue(0, 100, two), Is.EqualTo(2));
        Assert.That(two.ToArray(), Is.EqualTo(new ushort[] { 1, 2 }));
        Assert.That(Collect(nack, 0), Is.EqualTo(new ushort[] { 3, 4, 5 }));
    }

    [Test]
    public void ResetStartsOver()
    {
        var nack = new NackGenerator();
        nack.OnPacket(0, false, false, 0);
        nack.OnPacket(6, false, false, 0);
        nack.Reset();
        Assert.That(nack.MissingCount, Is.Zero);
        Assert.That(nack.OnPacket(30000, false, false, 0), Is.EqualTo(NackPacketResult.New));
        Assert.That(nack.MissingCount, Is.Zero);
    }

    [Test]
    public void RandomLossIsFullyRequestedAndNothingElse()
    {
        var random = new Random(7);
        var nack = new NackGenerator(reorderDelayMs: 0);
        var lost = new HashSet<ushort>();
        var requested = new HashSet<ushort>();
        ushort seq = 65000;
        for (int i = 0; i < 3000; i++, seq++)
        {
            if (i > 0 && i < 2999 && random.Next(20) == 0)
            {
                lost.Add(seq);
                continue;
            }

            nack.OnPacket(seq, false, false, i);
            foreach (ushort s in Collect(nack, i, rttMs: 1000))
            {
                requested.Add(s);
            }
        }

        Assert.That(requested, Is.EquivalentTo(lost));
    }

    [Test]
    public void PacketPathDoesNotAllocate()
    {
        var nack = new NackGenerator(reorderDelayMs: 0);
        ushort[] output = new ushort[32];
        int start = 0;
        long allocated = ThreadAllocations.InQuietestRun(() =>
        {
            // Each run continues the sequence and the clock where the previous one stopped.
            for (int i = start; i < start + 20_000; i++)
            {
                if (i % 17 != 0)
                {
                    nack.OnPacket((ushort)i, i % 300 == 0, false, i);
                }

                nack.CollectDue(i, 30, output);
            }

            start += 20_000;
        });

        Assert.That(allocated, Is.Zero);
    }
}
