using Voip.Media.Rtcp;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtcp;

/// <summary>Transport-wide CC feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.</summary>
public class TransportWideCcTests
{
    // Hand-built: base 100, 14 statuses, reference time 16 (1.024 s), fb count 5; chunks:
    //   0x2003 run-length, symbol 1, run 3            -> seq 100..102 received (small)
    //   0xc905 two-bit vector [0,2,1,0,0,1,1]         -> seq 103..109
    //   0xac00 one-bit vector [1,0,1,1,...] (4 used)  -> seq 110..113
    // deltas 04 08 00 | fffc 01 02 03 | 05 06 07, then 3 bytes of RTCP padding (P=1).
    private static readonly byte[] HandBuilt = Hex.Parse(
        "af cd 0009 00000001 00000002 0064 000e 000010 05 2003 c905 ac00 04 08 00 fffc 01 02 03 05 06 07 000003");

    private static RtcpPacket Packet(byte[] bytes)
    {
        Assert.That(RtcpPacket.TryParse(bytes, out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        return p;
    }

    [Test]
    public void EnumeratesHandBuiltFeedback()
    {
        Assert.That(TransportWideCc.TryParse(Packet(HandBuilt), out TransportWideCc fb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(fb.SenderSsrc, Is.EqualTo(1));
        Assert.That(fb.MediaSsrc, Is.EqualTo(2));
        Assert.That(fb.BaseSequenceNumber, Is.EqualTo(100));
        Assert.That(fb.PacketStatusCount, Is.EqualTo(14));
        Assert.That(fb.ReferenceTime, Is.EqualTo(16));
        Assert.That(fb.ReferenceTimeMicroseconds, Is.EqualTo(1_024_000));
        Assert.That(fb.FeedbackPacketCount, Is.EqualTo(5));

        var got = new List<(int Seq, bool Received, int Delta, long Ticks)>();
        foreach (TransportWideCcStatus s in fb)
        {
            got.Add((s.SequenceNumber, s.Received, s.DeltaTicks, s.Received ? s.ArrivalTimeMicroseconds / 250 : -1));
        }

        Assert.That(got, Is.EqualTo(new (int, bool, int, long)[]
        {
            (100, true, 4, 4100), (101, true, 8, 4108), (102, true, 0, 4108),
            (103, false, 0, -1), (104, true, -4, 4104), (105, true, 1, 4105), (106, false, 0, -1),
            (107, false, 0, -1), (108, true, 2, 4107), (109, true, 3, 4110),
            (110, true, 5, 4115), (111, false, 0, -1), (112, true, 6, 4121), (113, true, 7, 4128),
        }));
    }

    [Test]
    public void NegativeReferenceTimeIsSignExtended()
    {
        byte[] bytes = Hex.Parse("8fcd0005 00000001 00000002 0000 0001 fffffe 00 20010000");
        Assert.That(TransportWideCc.TryParse(Packet(bytes), out TransportWideCc fb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(fb.ReferenceTime, Is.EqualTo(-2));
    }

    [TestCase("8fcd0004 00000001 00000002 0064 00ff 000010 05", RtcpParseResult.CountMismatch)]          // no chunks for 255 statuses
    [TestCase("8fcd0005 00000001 00000002 0064 000f 000010 05 2003 c905", RtcpParseResult.CountMismatch)] // chunks cover 10 of 15
    [TestCase("8fcd0005 00000001 00000002 0064 0003 000010 05 2003 0102", RtcpParseResult.Malformed)]     // 3 deltas, 2 bytes
    [TestCase("8fcd0005 00000001 00000002 0064 0003 000010 05 6003 0000", RtcpParseResult.Malformed)]     // symbol 3 (reserved)
    [TestCase("8fcd0005 00000001 00000002 0064 0001 000010 05 f000 0000", RtcpParseResult.Malformed)]     // two-bit vector, symbol 3
    [TestCase("8fcd0003 00000001 00000002 0064 0001", RtcpParseResult.TooShort)]
    public void MalformedFeedbackIsRefused(string hex, RtcpParseResult expected) =>
        Assert.That(TransportWideCc.TryParse(Packet(Hex.Parse(hex)), out _), Is.EqualTo(expected));

    [Test]
    public void WriterUsesOneRunLengthChunkForAnUnbrokenRun()
    {
        var arrivals = new TransportWideCcArrival[100];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = new TransportWideCcArrival((ushort)(65500 + i), 5_000_000 + (i * 1000));
        }

        var writer = new TransportWideCcWriter { SenderSsrc = 1, MediaSsrc = 2, FeedbackPacketCount = 9, Arrivals = arrivals };
        int size = writer.GetSize();
        Assert.That(size, Is.EqualTo((20 + 2 + 100 + 3) & ~3));
        byte[] buffer = new byte[size];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(written, Is.EqualTo(size));
        Assert.That(Hex.Of(buffer.AsSpan(20, 2)), Is.EqualTo("2064"), "run-length, small delta, 100");
        AssertRoundTrip(buffer, arrivals);
    }

    [Test]
    public void WriterUsesTwoBitVectorForMixedSymbolsAndPads()
    {
        // Reference time 16 (1.024 s). Statuses [1, 0, 1, 2]: a large delta rules out the one-bit vector.
        TransportWideCcArrival[] arrivals = [new(10, 1_024_000), new(12, 1_024_750), new(13, 1_024_750 + 75_000)];
        var writer = new TransportWideCcWriter { SenderSsrc = 1, MediaSsrc = 2, FeedbackPacketCount = 7, Arrivals = arrivals };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out _), Is.True);
        Assert.That(Hex.Of(buffer), Is.EqualTo("afcd0006" + "00000001" + "00000002" + "000a0004" + "00001007" + "d180" + "0003012c" + "0002"));
    }

    [Test]
    public void WriterUsesOneBitVectorForLossWithSmallDeltas()
    {
        TransportWideCcArrival[] arrivals = [new(0, 1_024_000), new(2, 1_024_250), new(3, 1_024_500)];
        var writer = new TransportWideCcWriter { Arrivals = arrivals };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out _), Is.True);
        Assert.That(Hex.Of(buffer.AsSpan(20)), Is.EqualTo("ac00" + "000101" + "000003"));
        AssertRoundTrip(buffer, arrivals);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void RandomArrivalsRoundTrip(int seed)
    {
        var random = new Random(seed);
        var arrivals = new List<TransportWideCcArrival>();
        ushort seq = (ushort)random.Next(65536);
        long time = 10_000_000 + random.Next(1_000_000);
        int count = random.Next(1, 400);
        for (int i = 0; i < count; i++)
        {
            // Loss bursts, reordering (negative deltas) and the odd long gap (two-byte deltas).
            int roll = random.Next(100);
            if (i > 0 && roll < 20)
            {
                seq += (ushort)random.Next(1, roll < 3 ? 40 : 3);
            }

            time += roll switch
            {
                < 5 => -random.Next(0, 30_000),
                < 10 => random.Next(64_000, 2_000_000),
                _ => random.Next(0, 20_000),
            };
            arrivals.Add(new TransportWideCcArrival(seq, time));
            seq++;
        }

        var writer = new TransportWideCcWriter { SenderSsrc = 3, MediaSsrc = 4, FeedbackPacketCount = (byte)seed, Arrivals = arrivals.ToArray() };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(buffer, Is.Not.Empty);
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(written, Is.EqualTo(buffer.Length));
        AssertRoundTrip(buffer, arrivals.ToArray());
    }

    [Test]
    public void WriterRefusesWhatTheFormatCannotCarry()
    {
        TransportWideCcArrival[] gapTooLong = [new(1, 1_000_000), new(2, 1_000_000 + 8_200_000)];
        TransportWideCcArrival[] outOfOrder = [new(5, 1_000_000), new(4, 1_000_100)];
        TransportWideCcArrival[] duplicate = [new(5, 1_000_000), new(5, 1_000_100)];
        foreach (TransportWideCcArrival[] arrivals in new[] { gapTooLong, outOfOrder, duplicate, Array.Empty<TransportWideCcArrival>() })
        {
            var writer = new TransportWideCcWriter { Arrivals = arrivals };
            Assert.That(writer.GetSize(), Is.Zero);
            Assert.That(writer.TryWrite(new byte[256], out _), Is.False);
        }
    }

    [Test]
    public void ParseAndBuildAllocateNothing()
    {
        var arrivals = new TransportWideCcArrival[50];
        for (int i = 0; i < arrivals.Length; i++)
        {
            arrivals[i] = new TransportWideCcArrival((ushort)(i * 2), 1_000_000 + (i * 3000));
        }

        byte[] buffer = new byte[512];
        long sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 200; i++)
        {
            var writer = new TransportWideCcWriter { Arrivals = arrivals };
            writer.TryWrite(buffer, out int n);
            RtcpPacket.TryParse(buffer.AsSpan(0, n), out RtcpPacket p, out _);
            TransportWideCc.TryParse(p, out TransportWideCc fb);
            foreach (TransportWideCcStatus s in fb)
            {
                sum += s.Received ? 1 : 0;
            }
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.EqualTo(200 * 50));
    }

    private static void AssertRoundTrip(byte[] buffer, TransportWideCcArrival[] arrivals)
    {
        Assert.That(TransportWideCc.TryParse(Packet(buffer), out TransportWideCc fb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(fb.BaseSequenceNumber, Is.EqualTo(arrivals[0].SequenceNumber));
        Assert.That(fb.PacketStatusCount, Is.EqualTo((ushort)(arrivals[^1].SequenceNumber - arrivals[0].SequenceNumber) + 1));
        var expected = arrivals.ToDictionary(a => a.SequenceNumber, a => (long)Math.Round(a.ArrivalTimeMicroseconds / 250.0, MidpointRounding.AwayFromZero) * 250);
        int received = 0;
        int statuses = 0;
        foreach (TransportWideCcStatus s in fb)
        {
            statuses++;
            if (s.Received)
            {
                received++;
                Assert.That(expected.TryGetValue(s.SequenceNumber, out long t), Is.True, $"seq {s.SequenceNumber} was not sent as received");
                Assert.That(s.ArrivalTimeMicroseconds, Is.EqualTo(t), $"arrival of {s.SequenceNumber}");
            }
            else
            {
                Assert.That(expected.ContainsKey(s.SequenceNumber), Is.False, $"seq {s.SequenceNumber} reported lost");
            }
        }

        Assert.That(statuses, Is.EqualTo(fb.PacketStatusCount));
        Assert.That(received, Is.EqualTo(arrivals.Length));
    }
}
