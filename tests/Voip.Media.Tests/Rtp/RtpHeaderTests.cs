using Voip.Media.Rtp;

namespace Voip.Media.Tests.Rtp;

public class RtpHeaderTests
{
    [Test]
    public void ParsesFixedHeaderFields()
    {
        byte[] packet = Convert.FromHexString("80e01234deadbeefcafebabe0102");
        Assert.That(RtpHeader.TryParse(packet, out RtpHeader h), Is.True);
        Assert.That(h.Version, Is.EqualTo(2));
        Assert.That(h.Padding, Is.False);
        Assert.That(h.Extension, Is.False);
        Assert.That(h.CsrcCount, Is.EqualTo(0));
        Assert.That(h.Marker, Is.True);
        Assert.That(h.PayloadType, Is.EqualTo(96));
        Assert.That(h.SequenceNumber, Is.EqualTo(0x1234));
        Assert.That(h.Timestamp, Is.EqualTo(0xDEADBEEF));
        Assert.That(h.Ssrc, Is.EqualTo(0xCAFEBABE));
        Assert.That(h.HeaderLength, Is.EqualTo(12));
        Assert.That(h.PayloadWithPadding.ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(h.ExtensionProfile, Is.EqualTo(0));
    }

    [Test]
    public void ParsesCsrcsAndOneByteExtension()
    {
        // CC=2, X=1, P=1; extension 0xBEDE with 2 words.
        byte[] packet = Convert.FromHexString(
            "b26f0001000000010000000211111111" + "22222222" + "bede0002" + "10ff2233440000" + "00" + "aabb01");
        Assert.That(RtpHeader.TryParse(packet, out RtpHeader h, out RtpParseResult result), Is.True);
        Assert.That(result, Is.EqualTo(RtpParseResult.Ok));
        Assert.That(h.Padding, Is.True);
        Assert.That(h.CsrcCount, Is.EqualTo(2));
        Assert.That(h.GetCsrc(0), Is.EqualTo(0x11111111));
        Assert.That(h.GetCsrc(1), Is.EqualTo(0x22222222));
        Assert.That(h.IsOneByteExtension, Is.True);
        Assert.That(h.IsTwoByteExtension, Is.False);
        Assert.That(h.ExtensionBodyLength, Is.EqualTo(8));
        Assert.That(Convert.ToHexString(h.ExtensionBody).ToLowerInvariant(), Is.EqualTo("10ff223344000000"));
        Assert.That(h.HeaderLength, Is.EqualTo(12 + 8 + 4 + 8));
        Assert.That(h.PayloadWithPadding.Length, Is.EqualTo(3));
    }

    [Test]
    public void RecognisesTwoByteExtensionProfileWithAppBits()
    {
        byte[] packet = Convert.FromHexString("906f000100000001000000011005000101020304");
        Assert.That(RtpHeader.TryParse(packet, out RtpHeader h), Is.True);
        Assert.That(h.IsTwoByteExtension, Is.True);
        Assert.That(h.ExtensionProfile, Is.EqualTo(0x1005));
        Assert.That(h.ExtensionBodyLength, Is.EqualTo(4));
    }

    [TestCase("", RtpParseResult.TooShort)]
    [TestCase("80000001000000010000", RtpParseResult.TooShort)]
    [TestCase("40000001000000010000000100", RtpParseResult.BadVersion)]
    [TestCase("8f00000100000001000000010000000000000000", RtpParseResult.CsrcOverrun)]      // CC=15 in 20 bytes
    [TestCase("9000000100000001000000010000", RtpParseResult.ExtensionOverrun)]             // no room for the preamble
    [TestCase("90000001000000010000000100000100000000", RtpParseResult.ExtensionOverrun)]   // length 256 words past the end
    public void RefusesBadHeaders(string hex, RtpParseResult expected)
    {
        Assert.That(RtpHeader.TryParse(Convert.FromHexString(hex), out _, out RtpParseResult result), Is.False);
        Assert.That(result, Is.EqualTo(expected));
    }

    [Test]
    public void WritersRewriteFieldsInPlace()
    {
        byte[] packet = Convert.FromHexString("80e01234deadbeefcafebabe");
        RtpHeaderWriter.WriteSsrc(packet, 0x01020304);
        RtpHeaderWriter.WriteSequenceNumber(packet, 0xFFFE);
        RtpHeaderWriter.WriteTimestamp(packet, 7);
        RtpHeaderWriter.WritePayloadType(packet, 111);
        Assert.That(RtpHeader.TryParse(packet, out RtpHeader h), Is.True);
        Assert.That(h.Ssrc, Is.EqualTo(0x01020304));
        Assert.That(h.SequenceNumber, Is.EqualTo(0xFFFE));
        Assert.That(h.Timestamp, Is.EqualTo(7));
        Assert.That(h.PayloadType, Is.EqualTo(111));
        Assert.That(h.Marker, Is.True, "payload type write keeps the marker");
        RtpHeaderWriter.WriteMarker(packet, false);
        Assert.That(RtpHeader.TryParse(packet, out h) && !h.Marker && h.PayloadType == 111, Is.True);
    }
}
