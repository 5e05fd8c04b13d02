using Voip.Media.Tests.Testing;
using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class RtpSequencerTests
{
    private const uint Video = 90_000;

    private static (ushort Seq, uint Ts) Rewrite(ref RtpSequencer s, ushort seq, uint ts, long nowMs)
    {
        Assert.That(s.TryRewrite(seq, ts, nowMs, Video, out ushort outSeq, out uint outTs), Is.True, $"input {seq}");
        return (outSeq, outTs);
    }

    [Test]
    public void FirstRunKeepsTheInputNumbers()
    {
        var s = new RtpSequencer();
        Assert.That(Rewrite(ref s, 1234, 999_000, 0), Is.EqualTo(((ushort)1234, 999_000u)));
        Assert.That(Rewrite(ref s, 1235, 1_002_000, 33), Is.EqualTo(((ushort)1235, 1_002_000u)));
        Assert.That(s.LastOutputSeq, Is.EqualTo(1235));
        Assert.That(s.LastOutputTimestamp, Is.EqualTo(1_002_000));
    }

    [Test]
    public void WrapsAt65535WithinAndAcrossRuns()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 65534, uint.MaxValue - 100, 0);
        Assert.That(Rewrite(ref s, 65535, uint.MaxValue - 50, 1).Seq, Is.EqualTo(65535));
        Assert.That(Rewrite(ref s, 0, 10, 2), Is.EqualTo(((ushort)0, 10u)), "timestamps wrap too");

        // A new run started just before the output wraps.
        var t = new RtpSequencer();
        Rewrite(ref t, 65535, 0, 0);
        t.Sync();
        Assert.That(Rewrite(ref t, 17, 5000, 10).Seq, Is.EqualTo(0));
        Assert.That(Rewrite(ref t, 18, 8000, 20).Seq, Is.EqualTo(1));
    }

    [Test]
    public void ReorderedPacketsMapConsistentlyAndGapsStayGaps()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 100, 0, 0);
        s.Sync();
        Rewrite(ref s, 5000, 0, 10);                          // run starts: 5000 → 101
        Assert.That(Rewrite(ref s, 5003, 0, 11).Seq, Is.EqualTo(104));
        Assert.That(Rewrite(ref s, 5001, 0, 12).Seq, Is.EqualTo(102), "late packet keeps its place");
        Assert.That(s.LastOutputSeq, Is.EqualTo(104), "a late packet does not move the highest");
        Assert.That(Rewrite(ref s, 5004, 0, 13).Seq, Is.EqualTo(105));

        // Packets from before the run started are dropped.
        Assert.That(s.TryRewrite(4999, 0, 14, Video, out _, out _), Is.False);
    }

    [Test]
    public void DuplicatesAreDropped()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 10, 0, 0);
        Rewrite(ref s, 12, 0, 0);
        Assert.That(s.TryRewrite(12, 0, 0, Video, out _, out _), Is.False);
        Assert.That(s.TryRewrite(10, 0, 0, Video, out _, out _), Is.False);
        Assert.That(Rewrite(ref s, 11, 0, 0).Seq, Is.EqualTo(11));
        Assert.That(s.TryRewrite(11, 0, 0, Video, out _, out _), Is.False);

        // After a jump beyond the window, an old in-run packet can no longer be checked and passes.
        Rewrite(ref s, 500, 0, 0);
        Assert.That(s.TryRewrite(13, 0, 0, Video, out ushort seq, out _), Is.True);
        Assert.That(seq, Is.EqualTo(13));
    }

    [Test]
    public void LayerSwitchContinuesSequenceAndTimestampFromWallTime()
    {
        var s = new RtpSequencer();
        ushort seq = 40_000;
        uint ts = 1_000_000;
        long now = 0;
        for (int i = 0; i < 10; i++)
        {
            Rewrite(ref s, seq++, ts, now);
            ts += 3000;
            now += 33;
        }

        (ushort lastSeq, uint lastTs) = (s.LastOutputSeq, s.LastOutputTimestamp);
        long lastMs = now - 33;

        // Switch to another layer with unrelated numbers, 50 ms after the last output.
        s.Sync();
        (ushort outSeq, uint outTs) = Rewrite(ref s, 7, 3_000_000_000, lastMs + 50);
        Assert.That(outSeq, Is.EqualTo((ushort)(lastSeq + 1)));
        Assert.That(outTs, Is.EqualTo(lastTs + (50 * 90)));
        Assert.That(Rewrite(ref s, 8, 3_000_003_000, lastMs + 83), Is.EqualTo(((ushort)(lastSeq + 2), lastTs + 4500 + 3000)));
    }

    [Test]
    public void PauseAndResumeLeavesNoSequenceGap()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 1, 48_000, 0);
        Rewrite(ref s, 2, 48_960, 20);

        // Paused for 5 s: the producer's numbers move on; the consumer's do not skip.
        s.Sync();
        s.Sync(); // idempotent
        Assert.That(s.TryRewrite(252, 288_000, 5020, 48_000, out ushort seq, out uint ts), Is.True);
        Assert.That(seq, Is.EqualTo(3));
        Assert.That(ts, Is.EqualTo(48_960u + (5000 * 48)));
    }

    [Test]
    public void TimestampAdvancesAtLeastOneTick()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 1, 5000, 100);
        s.Sync();
        Assert.That(Rewrite(ref s, 900, 1, 100).Ts, Is.EqualTo(5001));
        s.Sync();
        Assert.That(Rewrite(ref s, 50, 1, 90).Ts, Is.EqualTo(5002), "a clock going back still moves forward");
    }

    [Test]
    public void MapsNackedOutputBackToTheCurrentRunOnly()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 65530, 0, 0);
        Rewrite(ref s, 65531, 0, 0);
        s.Sync();
        Rewrite(ref s, 65534, 0, 1);   // run starts: 65534 → 65532
        Assert.That(Rewrite(ref s, 2, 0, 2).Seq, Is.EqualTo(0), "2 → 0 (after the wrap on both sides)");

        Assert.That(s.TryMapBack(65532, out ushort input), Is.True);
        Assert.That(input, Is.EqualTo(65534));
        Assert.That(s.TryMapBack(65533, out input), Is.True, "a lost one inside the run");
        Assert.That(input, Is.EqualTo(65535));
        Assert.That(s.TryMapBack(65535, out input), Is.True);
        Assert.That(input, Is.EqualTo(1));
        Assert.That(s.TryMapBack(0, out input), Is.True);
        Assert.That(input, Is.EqualTo(2));

        Assert.That(s.TryMapBack(65531, out _), Is.False, "previous run");
        Assert.That(s.TryMapBack(1, out _), Is.False, "not sent yet");
        Assert.That(new RtpSequencer().TryMapBack(5, out _), Is.False, "nothing sent");
    }

    [Test]
    public void ResetStartsOverWithTheInputNumbers()
    {
        var s = new RtpSequencer();
        Rewrite(ref s, 10, 100, 0);
        s.Reset();
        Assert.That(Rewrite(ref s, 3000, 7, 1), Is.EqualTo(((ushort)3000, 7u)));
    }

    [Test]
    public void ManySwitchesGiveAGaplessStrictlyIncreasingOutput()
    {
        var random = new Random(3);
        var s = new RtpSequencer();
        ushort expected = 0;
        bool first = true;
        uint lastTs = 0;
        long now = 0;
        for (int run = 0; run < 50; run++)
        {
            s.Sync();
            ushort seq = (ushort)random.Next(65536);
            uint ts = (uint)random.Next();
            for (int i = 0; i < random.Next(1, 40); i++)
            {
                now += random.Next(0, 40);
                (ushort outSeq, uint outTs) = Rewrite(ref s, seq++, ts, now);
                ts += 3000;
                if (!first)
                {
                    Assert.That(outSeq, Is.EqualTo(expected));
                    Assert.That((int)(outTs - lastTs), Is.GreaterThan(0));
                }

                first = false;
                expected = (ushort)(outSeq + 1);
                lastTs = outTs;
            }
        }
    }

    [Test]
    public void RewriteDoesNotAllocate()
    {
        var s = new RtpSequencer();
        int start = 0;
        long allocated = ThreadAllocations.InQuietestRun(() =>
        {
            Churn(ref s, start, 20_000);
            start += 20_000;
        });
        Assert.That(allocated, Is.Zero);
    }

    private static void Churn(ref RtpSequencer s, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            if (i % 1000 == 0)
            {
                s.Sync();
            }

            s.TryRewrite((ushort)(i ^ 1), (uint)i * 3000, i, Video, out _, out _);
        }
    }
}
