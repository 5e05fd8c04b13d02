using Voip.Media.Rtcp;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtcp;

/// <summary>SR (RFC 3550 §6.4.1), RR (§6.4.2) and their report blocks.</summary>
public class ReportTests
{
    private const string Block = "aabbccdd 40fffffe 0001ffff 00000010 b7052000 00054000";

    [Test]
    public void ParsesReceiverReportWithBlock()
    {
        // fraction lost 0x40 (25%), cumulative lost −2 (signed 24-bit), ext. highest seq 0x0001ffff,
        // jitter 16, LSR 0xb7052000, DLSR 5.25 s — the numbers of RFC 3550 §6.4.1 figure 2.
        byte[] packet = Hex.Parse("81c90007 11223344" + Block);
        Assert.That(ReceiverReport.TryParse(packet, out ReceiverReport rr), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(rr.SenderSsrc, Is.EqualTo(0x11223344));
        Assert.That(rr.ReportCount, Is.EqualTo(1));
        ReportBlock b = rr.GetReportBlock(0);
        Assert.That(b, Is.EqualTo(new ReportBlock(0xaabbccdd, 0x40, -2, 0x0001ffff, 16, 0xb7052000, 0x00054000)));
        Assert.That(rr.ProfileExtensions.IsEmpty, Is.True);
        byte[] copy = packet;
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            ReceiverReport.TryParse(copy, out ReceiverReport again);
            again.GetReportBlock(1);
        });
    }

    [Test]
    public void SenderReportRoundTripsWithBlocksAndKeepsProfileExtensions()
    {
        ReportBlock[] blocks =
        [
            new(1, 2, 3, 4, 5, 6, 7),
            new(0xffffffff, 255, ReportBlock.MinCumulativeLost, uint.MaxValue, 1, 2, 3),
        ];
        var writer = new SenderReportWriter
        {
            SenderSsrc = 0xcafebabe,
            NtpTimestamp = 0x0123456789abcdefUL,
            RtpTimestamp = 90000,
            PacketCount = 42,
            OctetCount = 4242,
            ReportBlocks = blocks,
        };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(written, Is.EqualTo(28 + 48));
        Assert.That(Hex.Of(buffer.AsSpan(0, 4)), Is.EqualTo("82c80012"));

        Assert.That(SenderReport.TryParse(buffer, out SenderReport sr), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(sr.SenderSsrc, Is.EqualTo(0xcafebabe));
        Assert.That(sr.NtpTimestamp, Is.EqualTo(0x0123456789abcdefUL));
        Assert.That(sr.RtpTimestamp, Is.EqualTo(90000));
        Assert.That(sr.PacketCount, Is.EqualTo(42));
        Assert.That(sr.OctetCount, Is.EqualTo(4242));
        Assert.That(sr.GetReportBlock(0), Is.EqualTo(blocks[0]));
        Assert.That(sr.GetReportBlock(1), Is.EqualTo(blocks[1]));
        Assert.That(writer.TryWrite(new byte[written - 1], out _), Is.False);
    }

    [Test]
    public void CumulativeLossIsClampedTo24Bits()
    {
        byte[] buffer = new byte[24];
        new ReportBlock(1, 0, 10_000_000, 0, 0, 0, 0).Write(buffer);
        Assert.That(ReportBlock.Read(buffer).CumulativeLost, Is.EqualTo(ReportBlock.MaxCumulativeLost));
    }

    [Test]
    public void ReceiverReportRoundTripsEmpty()
    {
        var writer = new ReceiverReportWriter { SenderSsrc = 7 };
        Span<byte> buffer = stackalloc byte[8];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(Hex.Of(buffer), Is.EqualTo("80c9000100000007"));
        Assert.That(ReceiverReport.TryParse(buffer.Slice(0, written), out ReceiverReport rr), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(rr.ReportCount, Is.Zero);
    }

    [TestCase("82c90007 11223344" + Block)] // RC=2 but one block
    [TestCase("81c80007 11223344 00000000 00000000 00000000 00000000 00000000 0000000000000000")] // SR RC=1, no room
    public void CountInconsistentWithLengthIsRefused(string hex)
    {
        byte[] packet = Hex.Parse(hex);
        RtcpParseResult r = packet[1] == 200 ? SenderReport.TryParse(packet, out _) : ReceiverReport.TryParse(packet, out _);
        Assert.That(r, Is.EqualTo(RtcpParseResult.CountMismatch));
    }

    [Test]
    public void TruncatedSenderInfoIsTooShort() =>
        Assert.That(SenderReport.TryParse(Hex.Parse("80c80002 11223344 00000000"), out _), Is.EqualTo(RtcpParseResult.TooShort));

    [Test]
    public void WritersAndReadersAllocateNothing()
    {
        ReportBlock[] blocks = [new(1, 2, 3, 4, 5, 6, 7)];
        byte[] buffer = new byte[64];
        long sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var w = new SenderReportWriter { SenderSsrc = (uint)i, ReportBlocks = blocks };
            w.TryWrite(buffer, out int n);
            SenderReport.TryParse(buffer.AsSpan(0, n), out SenderReport sr);
            sum += sr.GetReportBlock(0).Jitter + sr.SenderSsrc;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.EqualTo((1000 * 5) + (999 * 1000 / 2)));
    }
}
