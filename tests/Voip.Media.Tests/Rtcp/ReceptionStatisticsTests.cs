using Voip.Media.Rtcp;

namespace Voip.Media.Tests.Rtcp;

/// <summary>RFC 3550 Appendix A: sequence tracking (A.1), loss (A.3), jitter (A.8), and the NTP↔RTP mapping for SRs.</summary>
public class ReceptionStatisticsTests
{
    [Test]
    public void CountsLossAcrossSequenceWrap()
    {
        var stats = new ReceptionStatistics(90_000);
        long t = 0;
        // 65530..65535, 0..9 with 65533 and 2, 3 missing: 16 expected, 13 received.
        for (int i = 0; i < 16; i++)
        {
            ushort seq = (ushort)(65530 + i);
            if (seq is 65533 or 2 or 3)
            {
                continue;
            }

            Assert.That(stats.OnPacket(seq, (uint)(i * 3000), t += 33_333), Is.True);
        }

        ReportBlock block = stats.CreateReportBlock(0xabc, 0);
        Assert.That(block.ExtendedHighestSequence, Is.EqualTo(65536 + 9));
        Assert.That(block.CumulativeLost, Is.EqualTo(3));
        Assert.That(block.FractionLost, Is.EqualTo((3 << 8) / 16));
        Assert.That(block.LastSenderReport, Is.Zero);
        Assert.That(block.DelaySinceLastSenderReport, Is.Zero);

        // Next interval: 4 more in a row, nothing lost in it.
        for (ushort seq = 10; seq < 14; seq++)
        {
            stats.OnPacket(seq, seq * 3000u, t += 33_333);
        }

        block = stats.CreateReportBlock(0xabc, 0);
        Assert.That(block.FractionLost, Is.Zero);
        Assert.That(block.CumulativeLost, Is.EqualTo(3));
    }

    [Test]
    public void JitterIsZeroForPerfectPacingAndGrowsWithVariation()
    {
        var steady = new ReceptionStatistics(8000);
        var shaky = new ReceptionStatistics(8000);
        for (int i = 0; i < 200; i++)
        {
            steady.OnPacket((ushort)i, (uint)(i * 160), i * 20_000L);
            // Every other packet 5 ms late: |D| = 40 RTP units each time; A.8 converges to 40.
            shaky.OnPacket((ushort)i, (uint)(i * 160), (i * 20_000L) + (i % 2 == 0 ? 0 : 5_000));
        }

        Assert.That(steady.Jitter, Is.Zero);

        // The same pacing on a Unix-epoch microsecond clock (would overflow a naive µs × rate product).
        var epoch = new ReceptionStatistics(90_000);
        long start = 1_764_000_000_000_000;
        for (int i = 0; i < 100; i++)
        {
            epoch.OnPacket((ushort)i, (uint)(i * 3000), start + (i * 100_000L / 3));
        }

        Assert.That(epoch.Jitter, Is.LessThanOrEqualTo(1u));
        Assert.That(shaky.Jitter, Is.InRange(38u, 40u));
    }

    [Test]
    public void LargeJumpIsIgnoredOnceThenRestartsTheSequence()
    {
        var stats = new ReceptionStatistics(90_000);
        for (ushort seq = 100; seq < 110; seq++)
        {
            stats.OnPacket(seq, 0, 0);
        }

        Assert.That(stats.OnPacket(20_000, 0, 0), Is.False);
        Assert.That(stats.ExtendedHighestSequence, Is.EqualTo(109));
        Assert.That(stats.OnPacket(20_001, 0, 0), Is.True, "two in a row: the source restarted");
        Assert.That(stats.ExtendedHighestSequence, Is.EqualTo(20_001));
        Assert.That(stats.PacketsReceived, Is.EqualTo(1));
    }

    [Test]
    public void ReportsLsrAndDlsrFromTheLastSenderReport()
    {
        var stats = new ReceptionStatistics(48_000);
        stats.OnPacket(1, 0, 0);
        stats.OnSenderReport(0xb7052000_12345678UL, arrivalTicks: TimeSpan.FromSeconds(100).Ticks);
        ReportBlock block = stats.CreateReportBlock(1, TimeSpan.FromSeconds(105.25).Ticks);
        Assert.That(block.LastSenderReport, Is.EqualTo(0x20001234u));
        Assert.That(block.DelaySinceLastSenderReport, Is.EqualTo(0x00054000u));
    }

    [Test]
    public void MapsNtpToRtpWithWrap()
    {
        var mapping = new RtpClockMapping(0x0000_1000_0000_0000UL, uint.MaxValue - 100, 90_000);
        Assert.That(mapping.RtpTimestampAt(0x0000_1001_8000_0000UL), Is.EqualTo((uint)(135_000 - 101)), "1.5 s later, wrapped");
        Assert.That(mapping.RtpTimestampAt(0x0000_0fff_0000_0000UL), Is.EqualTo(uint.MaxValue - 100 - 90_000), "1 s earlier");
    }

    [Test]
    public void UpdatingAllocatesNothing()
    {
        var stats = new ReceptionStatistics(90_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 3000), i * 33_333L);
        }

        ReportBlock block = stats.CreateReportBlock(1, 0);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(block.ExtendedHighestSequence, Is.EqualTo(9_999));
    }
}
