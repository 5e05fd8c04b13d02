using System.Text;
using Voip.Media.Rtcp;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtcp;

/// <summary>SDES (RFC 3550 §6.5) and BYE (§6.6).</summary>
public class SourceDescriptionAndGoodbyeTests
{
    [Test]
    public void EnumeratesItemsOfTwoChunks()
    {
        // Chunk 1: SSRC 1, CNAME "ab", TOOL "x", END + 2 pad -> 4 + 4 + 3 + 1 = 12 bytes.
        // Chunk 2: SSRC 2, NAME "", END + 1 pad -> 4 + 2 + 2 = 8 bytes.
        byte[] packet = Hex.Parse("82ca0005 00000001 01026162 06017800 00000002 02000000");
        Assert.That(RtcpPacket.TryParse(packet, out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(SourceDescription.TryParse(p, out SourceDescription sdes), Is.EqualTo(RtcpParseResult.Ok));
        var seen = new List<string>();
        foreach (SdesItem item in sdes)
        {
            seen.Add($"{item.Ssrc}:{item.Type}:{Encoding.ASCII.GetString(item.Value)}");
        }

        Assert.That(seen, Is.EqualTo(new[] { "1:Cname:ab", "1:Tool:x", "2:Name:" }));
        Assert.That(sdes.TryGetCname(2, out _), Is.False);
    }

    [TestCase("81ca0002 00000001 0109616263")]          // item length past the end
    [TestCase("81ca0002 00000001 01026162")]            // no END item
    [TestCase("82ca0002 00000001 01016100")]            // SC=2, one chunk
    public void MalformedSdesIsRefused(string hex)
    {
        Assert.That(RtcpPacket.TryParse(Hex.Parse(hex), out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(SourceDescription.TryParse(p, out _), Is.Not.EqualTo(RtcpParseResult.Ok));
    }

    [TestCase("")]
    [TestCase("a")]
    [TestCase("abcdefgh")]
    [TestCase("{8c7a9b1e-9f41-4d6a-8b6a-8c2d5f2e1a3b}")]
    public void CnameRoundTripsAtEveryPaddingLength(string cname)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(cname);
        var writer = new SourceDescriptionWriter { Ssrc = 0x01020304, Cname = bytes };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(written % 4, Is.Zero);
        Assert.That(RtcpPacket.TryParse(buffer, out RtcpPacket p, out int length), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(length, Is.EqualTo(written));
        Assert.That(SourceDescription.TryParse(p, out SourceDescription sdes), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(sdes.TryGetCname(0x01020304, out ReadOnlySpan<byte> value), Is.True);
        Assert.That(value.ToArray(), Is.EqualTo(bytes));
    }

    [Test]
    public void ParsesByeWithReason()
    {
        byte[] packet = Hex.Parse("82cb0004 00000001 00000002 0462796521000000");
        Assert.That(RtcpPacket.TryParse(packet, out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(Goodbye.TryParse(p, out Goodbye bye), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(bye.SourceCount, Is.EqualTo(2));
        Assert.That(bye.GetSsrc(1), Is.EqualTo(2));
        Assert.That(Encoding.ASCII.GetString(bye.Reason), Is.EqualTo("bye!"));
    }

    [TestCase("83cb0002 00000001 00000002")] // SC=3, two SSRCs
    [TestCase("81cb0002 00000001 09616200")] // reason length past the end
    public void MalformedByeIsRefused(string hex)
    {
        Assert.That(RtcpPacket.TryParse(Hex.Parse(hex), out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(Goodbye.TryParse(p, out _), Is.Not.EqualTo(RtcpParseResult.Ok));
    }

    [Test]
    public void ByeRoundTrips()
    {
        uint[] ssrcs = [10, 20, 30];
        var writer = new GoodbyeWriter { Ssrcs = ssrcs, Reason = "left"u8 };
        byte[] buffer = new byte[writer.GetSize()];
        Assert.That(writer.TryWrite(buffer, out int written), Is.True);
        Assert.That(written, Is.EqualTo(4 + 12 + 8));
        Assert.That(RtcpPacket.TryParse(buffer, out RtcpPacket p, out _), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(Goodbye.TryParse(p, out Goodbye bye), Is.EqualTo(RtcpParseResult.Ok));
        Assert.That(new[] { bye.GetSsrc(0), bye.GetSsrc(1), bye.GetSsrc(2) }, Is.EqualTo(ssrcs));
        Assert.That(bye.Reason.SequenceEqual("left"u8), Is.True);
    }
}
