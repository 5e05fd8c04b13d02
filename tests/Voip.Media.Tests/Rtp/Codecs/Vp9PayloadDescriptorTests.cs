using Voip.Media.Rtp.Codecs;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtp.Codecs;

/// <summary>VP9 payload descriptor (RFC 9628 §4.2).</summary>
public class Vp9PayloadDescriptorTests
{
    [TestCase("88 12", true, 0x12)]          // I B, 7-bit picture id, P=0
    [TestCase("c8 12", false, 0x12)]         // P=1: inter-predicted
    [TestCase("80 12", false, 0x12)]         // B=0: not the start of a frame
    [TestCase("a8 92 34 02 00", false, 0x1234)] // L: SID=1 (not the base spatial layer)
    [TestCase("a8 92 34 20 00", true, 0x1234)]  // L: TID=1 SID=0
    public void DetectsKeyFrames(string hex, bool key, int pictureId)
    {
        Assert.That(Vp9PayloadDescriptor.TryParse(Hex.Parse(hex), out Vp9PayloadDescriptor d), Is.True);
        Assert.That(d.IsKeyFrame, Is.EqualTo(key));
        Assert.That(d.PictureId, Is.EqualTo(pictureId));
    }

    [Test]
    public void ReadsLayerIndices()
    {
        Assert.That(Vp9PayloadDescriptor.TryParse(Hex.Parse("a8 12 45"), out Vp9PayloadDescriptor d), Is.True);
        Assert.That(d.TemporalId, Is.EqualTo(2));
        Assert.That(d.SpatialId, Is.EqualTo(2));
    }

    [TestCase("")]
    [TestCase("80")]
    [TestCase("a0 92 34")]
    public void TruncatedDescriptorIsRefused(string hex) =>
        Assert.That(Vp9PayloadDescriptor.TryParse(Hex.Parse(hex), out _), Is.False);
}
