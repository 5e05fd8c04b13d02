using Voip.Media.Rtcp;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtcp;

public class RtcpCompoundReaderTests
{
    // Hand-built from RFC 3550 §6.4.1/§6.5 and draft-alvestrand-rmcat-remb §2.2, the shape Chromium sends:
    // SR (RC=0) + SDES CNAME + REMB.
    internal static readonly byte[] SrSdesRemb = Hex.Parse(
        "80c80006 11223344 e7a1b2c3 80000000 0001e240 0000000a 00000fa0" + // SR: ntp, rtp=123456, 10 pkts, 4000 B
        "81ca0003 11223344 0104636e 616d0000" +                            // SDES: CNAME "cnam", END, one pad byte
        "8fce0005 11223344 00000000 52454d42 0108f424 55667788");          // REMB: 1 SSRC, exp=2, mantissa 0x0f424

    [Test]
    public void WalksSenderReportSourceDescriptionAndRemb()
    {
        var reader = new RtcpCompoundReader(SrSdesRemb);

        Assert.That(reader.TryRead(out RtcpPacket p), Is.True);
        Assert.That(p.PacketType, Is.EqualTo(RtcpPacketType.SenderReport));
        Assert.That(SenderReport.TryParse(p, out SenderReport sr), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(sr.SenderSsrc, Is.EqualTo(0x11223344));
        Assert.That(sr.NtpTimestamp, Is.EqualTo(0xe7a1b2c3_80000000UL));
        Assert.That(sr.RtpTimestamp, Is.EqualTo(123456));
        Assert.That(sr.PacketCount, Is.EqualTo(10));
        Assert.That(sr.OctetCount, Is.EqualTo(4000));
        Assert.That(sr.ReportCount, Is.Zero);

        Assert.That(reader.TryRead(out p), Is.True);
        Assert.That(SourceDescription.TryParse(p, out SourceDescription sdes), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(sdes.TryGetCname(0x11223344, out ReadOnlySpan<byte> cname), Is.True);
        Assert.That(System.Text.Encoding.ASCII.GetString(cname), Is.EqualTo("cnam"));

        Assert.That(reader.TryRead(out p), Is.True);
        Assert.That(ReceiverEstimatedMaxBitrate.TryParse(p, out ReceiverEstimatedMaxBitrate remb), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(remb.Bitrate, Is.EqualTo(0xf424UL << 2));

        Assert.That(reader.TryRead(out _), Is.False);
        Assert.That(reader.Result, Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(reader.PacketCount, Is.EqualTo(3));
    }

    [Test]
    public void LengthPastEndStopsAfterTheValidPackets()
    {
        byte[] buffer = Hex.Parse("80c90001 11223344" + "81cd0009 11223344 55667788 00010000");
        var reader = new RtcpCompoundReader(buffer);
        Assert.That(reader.TryRead(out RtcpPacket rr), Is.True);
        Assert.That(rr.PacketType, Is.EqualTo(RtcpPacketType.ReceiverReport));
        Assert.That(reader.TryRead(out _), Is.False);
        Assert.That(reader.Result, Is.EqualTo(RtcpParseResult.LengthOverrun));
        Assert.That(reader.Offset, Is.EqualTo(8), "points at the malformed packet");
        Assert.That(reader.TryRead(out _), Is.False, "a failed walk stays stopped");
    }

    [TestCase("40c90001 11223344", RtcpParseResult.BadVersion)]
    [TestCase("80c9", RtcpParseResult.TooShort)]
    [TestCase("", RtcpParseResult.TooShort)]
    [TestCase("a0c90001 11223300", RtcpParseResult.BadPadding)] // padding count 0
    [TestCase("a0c90001 11223309", RtcpParseResult.BadPadding)] // padding 9 > 4 bytes after the header
    [TestCase("80c90001 11223344 80", RtcpParseResult.TooShort)] // a stray byte after a good packet
    public void MalformedInputGivesResultCode(string hex, RtcpParseResult expected)
    {
        var reader = new RtcpCompoundReader(Hex.Parse(hex));
        while (reader.TryRead(out _))
        {
        }

        Assert.That(reader.Result, Is.EqualTo(expected));
    }

    [Test]
    public void PaddingIsExcludedFromTheBody()
    {
        // BYE with 1 SSRC and 4 bytes of padding (P=1, last byte 4).
        byte[] buffer = Hex.Parse("a1cb0002 11223344 00000004");
        var reader = new RtcpCompoundReader(buffer);
        Assert.That(reader.TryRead(out RtcpPacket p), Is.True);
        Assert.That(p.PaddingLength, Is.EqualTo(4));
        Assert.That(p.Body.Length, Is.EqualTo(4));
        Assert.That(Goodbye.TryParse(p, out Goodbye bye), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(bye.Reason.IsEmpty, Is.True);
    }

    [Test]
    public void TypeMismatchIsReportedByEveryView()
    {
        Assert.That(RtcpPacket.TryParse(SrSdesRemb, out RtcpPacket sr, out _), Is.EqualTo(RtcpParseResult.Ok));
        var results = new[]
        {
            ReceiverReport.TryParse(sr, out _),
            SourceDescription.TryParse(sr, out _),
            Goodbye.TryParse(sr, out _),
            GenericNack.TryParse(sr, out _),
            PictureLossIndication.TryParse(sr, out _),
            FullIntraRequest.TryParse(sr, out _),
            ReceiverEstimatedMaxBitrate.TryParse(sr, out _),
            TransportWideCc.TryParse(sr, out _),
        };
        Assert.That(results, Is.All.EqualTo(RtcpParseResult.WrongType));
    }

    [Test]
    public void WalkingAndParsingAllocatesNothing()
    {
        byte[] buffer = SrSdesRemb;
        ulong sum = Walk(buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            sum += Walk(buffer);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sum, Is.Not.Zero);
        Assert.That(allocated, Is.Zero);
    }

    private static ulong Walk(ReadOnlySpan<byte> buffer)
    {
        ulong sum = 0;
        var reader = new RtcpCompoundReader(buffer);
        while (reader.TryRead(out RtcpPacket p))
        {
            if (SenderReport.TryParse(p, out SenderReport sr) == RtcpParseResult.Ok)
            {
                sum += sr.NtpTimestamp;
            }
            else if (SourceDescription.TryParse(p, out SourceDescription sdes) == RtcpParseResult.Ok)
            {
                foreach (SdesItem item in sdes)
                {
                    sum += (ulong)item.Value.Length;
                }
            }
            else if (ReceiverEstimatedMaxBitrate.TryParse(p, out ReceiverEstimatedMaxBitrate remb) == RtcpParseResult.Ok)
            {
                sum += remb.Bitrate;
            }
        }

        return sum;
    }
}
