using Voip.Media.Rtp.Codecs;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtp.Codecs;

/// <summary>H.264 key-frame detection over RFC 6184 packetizations.</summary>
public class H264PacketTests
{
    [TestCase("65 88 84", true)]                          // single NAL: IDR slice
    [TestCase("67 42 c0 1f", true)]                       // single NAL: SPS
    [TestCase("41 9a 02", false)]                         // single NAL: non-IDR slice
    [TestCase("68 ce 3c 80", false)]                      // PPS alone
    [TestCase("78 0004 6742c01f 0002 68ce", true)]        // STAP-A: SPS + PPS
    [TestCase("78 0002 0610 0002 6588", true)]            // STAP-A: SEI + IDR
    [TestCase("78 0002 4100 0002 0610", false)]           // STAP-A: no key NAL
    [TestCase("78 0009 6742", false)]                     // STAP-A: size past the end
    [TestCase("78 0000 6742", false)]                     // STAP-A: zero size
    [TestCase("7c 85 88", true)]                          // FU-A start of an IDR
    [TestCase("7c 05 88", false)]                         // FU-A continuation of an IDR
    [TestCase("7c 81 9a", false)]                         // FU-A start of a non-IDR
    [TestCase("7c", false)]                               // FU-A without its header
    [TestCase("", false)]
    public void DetectsKeyFrames(string hex, bool key) =>
        Assert.That(H264Packet.IsKeyFrame(Hex.Parse(hex)), Is.EqualTo(key));

    [Test]
    public void ReadsNalUnitType()
    {
        Assert.That(H264Packet.GetNalUnitType([0x7c, 0x85]), Is.EqualTo(H264NalUnitType.FuA));
        Assert.That(H264Packet.GetNalUnitType([0x78]), Is.EqualTo(H264NalUnitType.StapA));
    }
}
