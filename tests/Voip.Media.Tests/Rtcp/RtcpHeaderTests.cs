using Voip.Media.Rtcp;

namespace Voip.Media.Tests.Rtcp;

public class RtcpHeaderTests
{
    [Test]
    public void ParsesSenderReportHeader()
    {
        byte[] packet = Convert.FromHexString("81c8000d4d617273");
        Assert.That(RtcpHeader.TryParse(packet, out RtcpHeader h), Is.True);
        Assert.That(h.Version, Is.EqualTo(2));
        Assert.That(h.Padding, Is.False);
        Assert.That(h.Count, Is.EqualTo(1));
        Assert.That(h.PacketType, Is.EqualTo(200));
        Assert.That(h.LengthInWordsMinusOne, Is.EqualTo(13));
        Assert.That(h.PacketLength, Is.EqualTo(56));
        Assert.That(h.SenderSsrc, Is.EqualTo(0x4d617273));
    }

    [TestCase("81c8000d4d6172")]
    [TestCase("41c8000d4d617273")]
    public void RefusesShortOrWrongVersion(string hex) =>
        Assert.That(RtcpHeader.TryParse(Convert.FromHexString(hex), out _), Is.False);
}
