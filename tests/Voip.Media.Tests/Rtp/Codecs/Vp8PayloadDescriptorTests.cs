using Voip.Media.Rtp.Codecs;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtp.Codecs;

/// <summary>VP8 payload descriptor (RFC 7741 §4.2) and key frames (§4.3).</summary>
public class Vp8PayloadDescriptorTests
{
    [Test]
    public void ParsesAllOptionalFieldsOfAKeyFrame()
    {
        // X=1 S=1 PID=0; I L T; M=1 picture id 0x0123; TL0PICIDX 5; TID=1 Y=1; payload header 0x10 (P=0).
        byte[] payload = Hex.Parse("90 e0 8123 05 60 10 02 00 9d 01 2a");
        Assert.That(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d), Is.True);
        Assert.That(d.Length, Is.EqualTo(6));
        Assert.That(d.HasExtension, Is.True);
        Assert.That(d.StartOfPartition, Is.True);
        Assert.That(d.PartitionIndex, Is.Zero);
        Assert.That(d.HasLongPictureId, Is.True);
        Assert.That(d.PictureId, Is.EqualTo(0x0123));
        Assert.That(d.Tl0PicIdx, Is.EqualTo(5));
        Assert.That(d.TemporalId, Is.EqualTo(1));
        Assert.That(d.LayerSync, Is.True);
        Assert.That(d.KeyIndex, Is.EqualTo(-1));
        Assert.That(d.IsKeyFrame, Is.True);
        Assert.That(d.Payload[0], Is.EqualTo(0x10));
    }

    [TestCase("90 80 7f 11", false)] // P=1: inter frame
    [TestCase("80 80 7f 10", false)] // S=0: not the start of a partition
    [TestCase("91 80 7f 10", false)] // PID=1
    [TestCase("10 9c", true)]         // no extension, P=0
    [TestCase("10", false)]           // descriptor only, no payload header
    public void KeyFrameNeedsStartOfPartitionZeroAndPBitClear(string hex, bool key)
    {
        Assert.That(Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out Vp8PayloadDescriptor d), Is.True);
        Assert.That(d.IsKeyFrame, Is.EqualTo(key));
    }

    [Test]
    public void ShortPictureIdAndKeyIndex()
    {
        Assert.That(Vp8PayloadDescriptor.TryParse(Hex.Parse("90 90 7f 1f 00"), out Vp8PayloadDescriptor d), Is.True);
        Assert.That(d.PictureId, Is.EqualTo(127));
        Assert.That(d.HasLongPictureId, Is.False);
        Assert.That(d.HasTemporalId, Is.False);
        Assert.That(d.TemporalId, Is.Zero);
        Assert.That(d.KeyIndex, Is.EqualTo(31));
        Assert.That(d.Tl0PicIdx, Is.EqualTo(-1));
    }

    [TestCase("")]
    [TestCase("80")]        // X set, no X byte
    [TestCase("80 80")]     // I set, no picture id
    [TestCase("80 c0 80")]  // long picture id cut, TL0PICIDX missing
    public void TruncatedDescriptorIsRefused(string hex) =>
        Assert.That(Vp8PayloadDescriptor.TryParse(Hex.Parse(hex), out _), Is.False);
}
