using Voip.Media.Rtcp;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtcp;

/// <summary>Generic NACK and PLI (RFC 4585 §6.2.1, §6.3.1), FIR (RFC 5104 §4.3.1), REMB (draft-alvestrand-rmcat-remb §2.2).</summary>
public class FeedbackTests
{
    private static RtcpPacket Packet(byte[] bytes)
    {
        Assert.That(RtcpPacket.TryParse(bytes, out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        return p;
    }

    [Test]
    public void ParsesNackAndExpandsPidBlp()
    {
        // PID 0xfffe, BLP 0b1000_0000_0000_0101: lost fffe, ffff, 0001 (wraps), 000e.
        byte[] bytes = Hex.Parse("81cd0003 00000001 00000002 fffe8005");
        Assert.That(GenericNack.TryParse(Packet(bytes), out GenericNack nack), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(nack.SenderSsrc, Is.EqualTo(1));
        Assert.That(nack.MediaSsrc, Is.EqualTo(2));
        Assert.That(nack.ItemCount, Is.EqualTo(1));
        GenericNackItem item = nack.GetItem(0);
        Span<ushort> lost = stackalloc ushort[17];
        int n = item.CopyLostSequenceNumbers(lost);
        Assert.That(lost.Slice(0, n).ToArray(), Is.EqualTo(new ushort[] { 0xfffe, 0xffff, 0x0001, 0x000e }));
        Assert.That(item.LostCount, Is.EqualTo(4));
        Assert.That(nack.GetLostCount(), Is.EqualTo(4));
        Assert.That(item.Contains(0x0001), Is.True);
        Assert.That(item.Contains(0x0000), Is.False);
        Assert.That(item.Contains(0xfffd), Is.False);
    }

    [TestCase("81cd0002 00000001 00000002")]   // zero FCI
    [TestCase("81cd0003 00000001 00000002 0001")] // length claims an item the buffer does not hold
    public void NackWithoutWholeItemsIsRefused(string hex)
    {
        byte[] bytes = Hex.Parse(hex);
        RtcpParseResult header = RtcpPacket.TryParse(bytes, out RtcpPacket p, out _);
        RtcpParseResult r = header == RtcpParseResult.Ok ? GenericNack.TryParse(p, out _) : header;
        Assert.That(r, Is.Not.EqualTo(RtcpParseResult.Ok));
    }

    [Test]
    public void NackWriterPacksAcrossWrapAndRoundTrips()
    {
        ushort[] lost = [65530, 65531, 65535, 0, 10, 11, 11, 40, 57];
        var writer = new GenericNackWriter { SenderSsrc = 5, MediaSsrc = 6, LostSequenceNumbers = lost };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(GenericNack.TryParse(Packet(buffer), out GenericNack nack), Is.EqualTo(RtcpParseResult.Ok));

        // 65530 covers up to 65530+16 = 10 (wrapped); 11 starts the next item; 40 and 57 are 17 apart.
        Assert.That(nack.ItemCount, Is.EqualTo(4));
        var expanded = new List<ushort>();
        Span<ushort> scratch = stackalloc ushort[17];
        for (int i = 0; i < nack.ItemCount; i++)
        {
            int n = nack.GetItem(i).CopyLostSequenceNumbers(scratch);
            expanded.AddRange(scratch.Slice(0, n).ToArray());
        }

        Assert.That(expanded, Is.EqualTo(lost.Distinct()));
        Assert.That(GenericNackItem.Pack(lost, default), Is.EqualTo(4));
        Assert.That(written, Is.EqualTo(12 + 16));
    }

    [Test]
    public void PliRoundTripsAndMatchesHandBuiltBytes()
    {
        var writer = new PictureLossIndicationWriter(0x11111111, 0x22222222);
        Span<byte> buffer = stackalloc byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(Hex.Of(buffer.Slice(0, written)), Is.EqualTo("81ce00021111111122222222"));
        Assert.That(RtcpPacket.TryParse(buffer, out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(PictureLossIndication.TryParse(p, out PictureLossIndication pli), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(pli.MediaSsrc, Is.EqualTo(0x22222222));
        Assert.That(writer.TryWrite(stackalloc byte[11], out _), Is.False);
    }

    [Test]
    public void PliWithoutMediaSsrcIsTooShort() =>
        Assert.That(PictureLossIndication.TryParse(Packet(Hex.Parse("81ce0001 11111111")), out _), Is.EqualTo(RtcpParseResult.TooShort));

    [Test]
    public void FirParsesEntriesAndRoundTrips()
    {
        byte[] bytes = Hex.Parse("84ce0006 00000001 00000000 aaaaaaaa 07000000 bbbbbbbb 08000000");
        Assert.That(FullIntraRequest.TryParse(Packet(bytes), out FullIntraRequest fir), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(fir.EntryCount, Is.EqualTo(2));
        Assert.That(fir.GetEntry(1), Is.EqualTo(new FullIntraRequestEntry(0xbbbbbbbb, 8)));

        FullIntraRequestEntry[] entries = [new(0xaaaaaaaa, 7), new(0xbbbbbbbb, 8)];
        var writer = new FullIntraRequestWriter { SenderSsrc = 1, Entries = entries };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out _), Is.True);
        Assert.That(buffer, Is.EqualTo(bytes));
    }

    [TestCase("84ce0002 00000001 00000000")]          // no entry
    [TestCase("84ce0003 00000001 00000000 aaaaaaaa")] // half an entry
    public void FirWithoutWholeEntriesIsRefused(string hex) =>
        Assert.That(FullIntraRequest.TryParse(Packet(Hex.Parse(hex)), out _), Is.EqualTo(RtcpParseResult.CountMismatch));

    [TestCase(0UL, 0, 0u)]
    [TestCase(262_143UL, 0, 262_143u)]
    [TestCase(262_144UL, 1, 131_072u)]
    [TestCase(1_000_000UL, 2, 250_000u)]
    [TestCase(2_500_001UL, 4, 156_250u)] // rounds down
    public void RembEncodesExponentAndMantissa(ulong bitrate, int exp, uint mantissa)
    {
        ReceiverEstimatedMaxBitrateWriter.Encode(bitrate, out int e, out uint m);
        Assert.That((e, m), Is.EqualTo((exp, mantissa)));
        Assert.That((ulong)m << e, Is.LessThanOrEqualTo(bitrate));
    }

    [Test]
    public void RembRoundTripsWithSsrcList()
    {
        uint[] ssrcs = [0x01020304, 0x05060708];
        var writer = new ReceiverEstimatedMaxBitrateWriter { SenderSsrc = 9, Bitrate = 1_000_000, Ssrcs = ssrcs };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(Hex.Of(buffer), Is.EqualTo("8fce0006" + "00000009" + "00000000" + "52454d42" + "020bd090" + "01020304" + "05060708"));
        Assert.That(ReceiverEstimatedMaxBitrate.TryParse(Packet(buffer), out ReceiverEstimatedMaxBitrate remb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(remb.Bitrate, Is.EqualTo(1_000_000));
        Assert.That(remb.Exponent, Is.EqualTo(2));
        Assert.That(remb.SsrcCount, Is.EqualTo(2));
        Assert.That(remb.GetSsrc(1), Is.EqualTo(0x05060708));
        Assert.That(written, Is.EqualTo(28));
    }

    [Test]
    public void RembWithHugeExponentSaturates()
    {
        byte[] bytes = Hex.Parse("8fce0004 00000001 00000000 52454d42 00fc0001");
        Assert.That(ReceiverEstimatedMaxBitrate.TryParse(Packet(bytes), out ReceiverEstimatedMaxBitrate remb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(remb.Exponent, Is.EqualTo(63));
        Assert.That(remb.Bitrate, Is.EqualTo(1UL << 63));
        bytes[18] = 0xff; // mantissa 0xff01 << 63 overflows
        Assert.That(ReceiverEstimatedMaxBitrate.TryParse(Packet(bytes), out remb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(remb.Bitrate, Is.EqualTo(ulong.MaxValue));
    }

    [TestCase("8fce0004 00000001 00000000 52454d42 02000001", RtcpParseResult.CountMismatch)] // 2 SSRCs announced, none present
    [TestCase("8fce0004 00000001 00000000 41424344 00000001", RtcpParseResult.WrongType)]     // other ALFB
    [TestCase("8fce0003 00000001 00000000 52454d42", RtcpParseResult.TooShort)]
    public void MalformedRembIsRefused(string hex, RtcpParseResult expected) =>
        Assert.That(ReceiverEstimatedMaxBitrate.TryParse(Packet(Hex.Parse(hex)), out _), Is.EqualTo(expected));

    [Test]
    public void FeedbackWritersAndReadersAllocateNothing()
    {
        ushort[] lost = [1, 2, 3, 30];
        uint[] ssrcs = [1];
        byte[] buffer = new byte[64];
        long sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var nackWriter = new GenericNackWriter { SenderSsrc = 1, MediaSsrc = 2, LostSequenceNumbers = lost };
            nackWriter.TryWrite(buffer, out int n);
            RtcpPacket.TryParse(buffer.AsSpan(0, n), out RtcpPacket p, out _);
            GenericNack.TryParse(p, out GenericNack nack);
            sum += nack.GetLostCount();

            var rembWriter = new ReceiverEstimatedMaxBitrateWriter { Bitrate = (ulong)i, Ssrcs = ssrcs };
            rembWriter.TryWrite(buffer, out n);
            RtcpPacket.TryParse(buffer.AsSpan(0, n), out p, out _);
            ReceiverEstimatedMaxBitrate.TryParse(p, out ReceiverEstimatedMaxBitrate remb);
            sum += (long)remb.Bitrate;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.EqualTo((4 * 1000) + (999 * 1000 / 2)));
    }
}
