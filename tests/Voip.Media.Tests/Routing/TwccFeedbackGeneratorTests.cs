using Voip.Media.Tests.Testing;
using Voip.Media.Routing;
using Voip.Media.Rtcp;

namespace Voip.Media.Tests.Routing;

/// <summary>TWCC feedback generation, checked by reading every feedback back with <see cref="TransportWideCc"/>.</summary>
public class TwccFeedbackGeneratorTests
{
    private sealed class Receiver
    {
        public readonly List<(ushort Seq, bool Received, long ArrivalUs)> Statuses = [];
        public readonly List<int> Counts = [];
        public readonly List<int> StatusCounts = [];
        public readonly Dictionary<ushort, long> LastReport = [];

        public void Read(ReadOnlySpan<byte> bytes)
        {
            Assert.That(RtcpPacket.TryParse(bytes, out RtcpPacket packet, out int length), Is.EqualTo(RtcpParseResult.Ok));
            Assert.That(length, Is.EqualTo(bytes.Length));
            Assert.That(TransportWideCc.TryParse(packet, out TransportWideCc fb), Is.EqualTo(RtcpParseResult.Ok));
            Assert.That(fb.SenderSsrc, Is.EqualTo(0x1111u));
            Assert.That(fb.MediaSsrc, Is.EqualTo(0x2222u));
            Counts.Add(fb.FeedbackPacketCount);
            StatusCounts.Add(fb.PacketStatusCount);
            foreach (TransportWideCcStatus s in fb)
            {
                Statuses.Add((s.SequenceNumber, s.Received, s.ArrivalTimeMicroseconds));
                LastReport[s.SequenceNumber] = s.Received ? s.ArrivalTimeMicroseconds : -1;
            }
        }
    }

    private static int Drain(TwccFeedbackGenerator twcc, long nowUs, Receiver receiver, int bufferSize = 1200)
    {
        byte[] buffer = new byte[bufferSize];
        int n = 0;
        while (twcc.TryWriteFeedback(nowUs, 0x1111, 0x2222, buffer, out int written))
        {
            receiver.Read(buffer.AsSpan(0, written));
            n++;
            Assert.That(n, Is.LessThan(1000), "runaway");
        }

        return n;
    }

    [Test]
    public void InOrderStreamIsReportedOnceAcrossTheWrap()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        var sent = new Dictionary<ushort, long>();
        long now = 1_000_000_000;
        ushort seq = 65000;
        for (int i = 0; i < 2000; i++)
        {
            now += 2_500; // 400 packets per second
            twcc.OnPacket(seq, now + 17);
            sent[seq] = now + 17;
            seq++;
            Drain(twcc, now, receiver);
        }

        Drain(twcc, now + 50_000, receiver);
        Assert.That(receiver.Statuses.Select(s => s.Seq), Is.EqualTo(sent.Keys), "every packet exactly once, in order");
        foreach ((ushort s, bool received, long arrival) in receiver.Statuses)
        {
            Assert.That(received, Is.True);
            Assert.That(arrival, Is.EqualTo(sent[s]).Within(125), $"seq {s}");
        }

        // 2000 packets at 2.5 ms every 50 ms: about 20 per feedback (the first one goes out at once).
        Assert.That(receiver.Counts.Count, Is.InRange(95, 102));
        Assert.That(receiver.Counts, Is.EqualTo(Enumerable.Range(0, receiver.Counts.Count).Select(i => i & 0xff)));
        Assert.That(twcc.PendingCount, Is.Zero);
    }

    [Test]
    public void NothingIsWrittenBeforeTheIntervalUnlessManyPacketsWait()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        byte[] buffer = new byte[1500];
        Assert.That(twcc.TryWriteFeedback(0, 1, 2, buffer, out _), Is.False, "nothing received yet");

        twcc.OnPacket(1, 0);
        Assert.That(Drain(twcc, 0, receiver), Is.EqualTo(1), "the first feedback goes out at once");
        for (ushort s = 2; s <= 100; s++)
        {
            twcc.OnPacket(s, s * 10);
        }

        Assert.That(Drain(twcc, 49_999, receiver), Is.Zero);
        twcc.OnPacket(101, 1001);
        Assert.That(twcc.PendingCount, Is.EqualTo(PacketsTrigger));
        Assert.That(Drain(twcc, 1000, receiver), Is.EqualTo(1), "100 waiting");
        twcc.OnPacket(102, 2000);
        Assert.That(Drain(twcc, 1001, receiver), Is.Zero);
        Assert.That(Drain(twcc, 50_999, receiver), Is.Zero);
        Assert.That(Drain(twcc, 51_000, receiver), Is.EqualTo(1));
        Assert.That(receiver.Statuses.Select(s => (int)s.Seq), Is.EqualTo(Enumerable.Range(1, 102)));
    }

    private const int PacketsTrigger = TwccFeedbackGenerator.PacketsTrigger;

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void LossAndReorderingRoundTrip(int seed)
    {
        var random = new Random(seed);
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        var arrived = new Dictionary<ushort, long>();
        long now = random.Next(1_000_000);
        ushort seq = (ushort)random.Next(65536);
        ushort? held = null;
        for (int i = 0; i < 5000; i++, seq++)
        {
            now += random.Next(0, 5000);
            if (random.Next(20) == 0)
            {
                continue; // lost
            }

            if (held is null && random.Next(15) == 0)
            {
                held = seq; // delivered after the next one
                continue;
            }

            twcc.OnPacket(seq, now);
            arrived[seq] = now;
            if (held is ushort h)
            {
                twcc.OnPacket(h, now + 300);
                arrived[h] = now + 300;
                held = null;
            }

            Drain(twcc, now, receiver);
        }

        Drain(twcc, now + 100_000, receiver);

        foreach ((ushort s, bool received, long arrival) in receiver.Statuses)
        {
            if (received)
            {
                Assert.That(arrived.ContainsKey(s), Is.True, $"seq {s} reported received but never arrived");
                Assert.That(arrival, Is.EqualTo(arrived[s]).Within(125), $"seq {s}");
            }
        }

        // The last word on every packet that arrived is "received", with the right time.
        foreach ((ushort s, long arrival) in arrived)
        {
            Assert.That(receiver.LastReport.TryGetValue(s, out long reported), Is.True, $"seq {s} never reported");
            Assert.That(reported, Is.EqualTo(arrival).Within(125), $"seq {s}");
        }

        // Every packet that never arrived (after the first that did) is reported lost, at feedback boundaries too.
        var reportedLost = receiver.Statuses.Where(s => !s.Received).Select(s => s.Seq).ToHashSet();
        ushort firstArrived = receiver.Statuses[0].Seq;
        for (ushort s = firstArrived; s != seq; s++)
        {
            if (!arrived.ContainsKey(s))
            {
                Assert.That(reportedLost, Does.Contain(s), $"seq {s} was lost but never reported");
            }
        }
    }

    [Test]
    public void ALossRightAfterAFeedbackIsReportedByTheNext()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        twcc.OnPacket(100, 1_000_000);
        twcc.OnPacket(101, 1_001_000);
        Assert.That(Drain(twcc, 1_001_000, receiver), Is.EqualTo(1));

        // 102 and 103 never arrive; the next feedback starts at 102.
        twcc.OnPacket(104, 1_004_000);
        twcc.OnPacket(105, 1_005_000);
        Assert.That(Drain(twcc, 1_060_000, receiver), Is.EqualTo(1));
        Assert.That(receiver.StatusCounts, Is.EqualTo(new[] { 2, 4 }));
        Assert.That(receiver.LastReport[102], Is.EqualTo(-1));
        Assert.That(receiver.LastReport[103], Is.EqualTo(-1));
        Assert.That(receiver.LastReport[104], Is.EqualTo(1_004_000));

        // If 103 turns up after all, the next feedback says so.
        twcc.OnPacket(103, 1_070_000);
        Assert.That(Drain(twcc, 1_120_000, receiver), Is.EqualTo(1));
        Assert.That(receiver.LastReport[103], Is.EqualTo(1_070_000));
        Assert.That(receiver.LastReport[102], Is.EqualTo(-1), "not reported received");
    }

    [Test]
    public void LatePacketIsReportedAgainAsReceived()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        twcc.OnPacket(10, 1_000_000);
        twcc.OnPacket(12, 1_001_000);
        Drain(twcc, 1_001_000, receiver);
        Assert.That(receiver.LastReport[11], Is.EqualTo(-1), "first reported lost");

        twcc.OnPacket(11, 1_002_000);
        twcc.OnPacket(13, 1_003_000);
        Assert.That(Drain(twcc, 1_010_000, receiver), Is.Zero, "a late packet does not force a feedback");
        Assert.That(Drain(twcc, 1_051_000, receiver), Is.EqualTo(1));
        Assert.That(receiver.LastReport[11], Is.EqualTo(1_002_000));
        Assert.That(receiver.LastReport[12], Is.EqualTo(1_001_000), "the packet after it is reported again, unchanged");
        Assert.That(receiver.LastReport[13], Is.EqualTo(1_003_000));
    }

    [Test]
    public void ArrivalGapBeyondTheDeltaRangeSplitsTheFeedback()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        twcc.OnPacket(1, 0);
        Drain(twcc, 0, receiver);
        twcc.OnPacket(2, 1_000);
        twcc.OnPacket(3, 2_000);
        twcc.OnPacket(4, 10_000_000);  // 10 s later: beyond ±8.19 s of 250 µs deltas
        twcc.OnPacket(5, 10_001_000);
        Assert.That(Drain(twcc, 10_001_000, receiver), Is.EqualTo(2));
        Assert.That(receiver.StatusCounts, Is.EqualTo(new[] { 1, 2, 2 }));
        Assert.That(receiver.LastReport[4], Is.EqualTo(10_000_000));
        Assert.That(receiver.LastReport[5], Is.EqualTo(10_001_000));

        // Backwards too: a clock step of −9 s.
        twcc.OnPacket(6, 1_000_000);
        Assert.That(Drain(twcc, 10_100_000, receiver), Is.EqualTo(1));
        Assert.That(receiver.LastReport[6], Is.EqualTo(1_000_000));
    }

    [Test]
    public void ManyPendingPacketsAreSplitAcrossFeedbacks()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        for (int i = 0; i < 1000; i++)
        {
            twcc.OnPacket((ushort)(65300 + i), 5_000_000 + (i * 100));
        }

        Assert.That(Drain(twcc, 5_100_000, receiver), Is.EqualTo(4), "256 packets per feedback at most");
        Assert.That(receiver.Statuses.Select(s => s.Seq), Is.EqualTo(Enumerable.Range(0, 1000).Select(i => (ushort)(65300 + i))));
    }

    [Test]
    public void SmallDestinationSplitsFurtherOrRefusesWithoutLosingAnything()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        var random = new Random(5);
        for (int i = 0; i < 200; i++)
        {
            twcc.OnPacket((ushort)(i * 2), random.Next(0, 1_000_000_000)); // every other lost, wild times: two-byte deltas
        }

        byte[] tiny = new byte[20];
        Assert.That(twcc.TryWriteFeedback(1_000_000_000, 1, 2, tiny, out int written), Is.False);
        Assert.That(written, Is.Zero);

        Assert.That(Drain(twcc, 1_000_000_000, receiver, bufferSize: 120), Is.GreaterThan(2));
        Assert.That(receiver.Statuses.Where(s => s.Received).Select(s => (int)s.Seq), Is.EqualTo(Enumerable.Range(0, 200).Select(i => i * 2)));
    }

    [Test]
    public void DuplicatesAndAncientPacketsAreIgnored()
    {
        var twcc = new TwccFeedbackGenerator();
        twcc.OnPacket(5000, 0);
        twcc.OnPacket(5000, 10);
        twcc.OnPacket(100, 20);
        Assert.That(twcc.Ignored, Is.EqualTo(2));
        var receiver = new Receiver();
        Drain(twcc, 0, receiver);
        Assert.That(receiver.Statuses, Is.EqualTo(new[] { ((ushort)5000, true, 0L) }));
    }

    [Test]
    public void FeedbackCountWrapsAt256()
    {
        var twcc = new TwccFeedbackGenerator();
        var receiver = new Receiver();
        for (int i = 0; i < 300; i++)
        {
            twcc.OnPacket((ushort)i, i * 50_000L);
            Drain(twcc, i * 50_000L, receiver);
        }

        Assert.That(receiver.Counts.Count, Is.EqualTo(300));
        Assert.That(receiver.Counts[255], Is.EqualTo(255));
        Assert.That(receiver.Counts[256], Is.Zero);
        Assert.That(twcc.FeedbacksWritten, Is.EqualTo(300));
    }

    [Test]
    public void ResetStartsANewSequenceSpace()
    {
        var twcc = new TwccFeedbackGenerator();
        twcc.OnPacket(10, 0);
        twcc.Reset();
        twcc.OnPacket(40000, 5);
        var receiver = new Receiver();
        Drain(twcc, 5, receiver);
        Assert.That(receiver.Statuses, Is.EqualTo(new[] { ((ushort)40000, true, 0L) }));
        Assert.That(receiver.Counts, Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void PacketPathAndFeedbackDoNotAllocate()
    {
        var twcc = new TwccFeedbackGenerator();
        byte[] buffer = new byte[1200];
        long now = 0;
        int start = 0;
        long allocated = ThreadAllocations.InQuietestRun(() =>
        {
            // Each run continues the sequence and the clock where the previous one stopped.
            for (int i = start; i < start + 10_000; i++)
            {
                now += 1000;
                if (i % 13 != 0)
                {
                    twcc.OnPacket((ushort)i, now);
                }

                while (twcc.TryWriteFeedback(now, 1, 2, buffer, out _))
                {
                }
            }

            start += 10_000;
        });

        Assert.That(allocated, Is.Zero);
    }
}
