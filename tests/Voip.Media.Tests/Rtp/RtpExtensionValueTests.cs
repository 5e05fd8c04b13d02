using Voip.Media.Rtp;

namespace Voip.Media.Tests.Rtp;

/// <summary>Typed header-extension values: mid/rid/repaired-rid (RFC 8852), abs-send-time, transport-cc, audio level (RFC 6464).</summary>
public class RtpExtensionValueTests
{
    [Test]
    public void AbsSendTimeIsSixEighteenSeconds()
    {
        Assert.That(AbsSendTimeExtension.FromMicroseconds(1_000_000), Is.EqualTo(0x040000u));
        Assert.That(AbsSendTimeExtension.FromMicroseconds(64_000_000), Is.Zero, "wraps every 64 s");
        Assert.That(AbsSendTimeExtension.ToMicroseconds(0x060000), Is.EqualTo(1_500_000));
        Span<byte> buffer = stackalloc byte[3];
        Assert.That(AbsSendTimeExtension.TryWrite(buffer, 0xabcdef), Is.True);
        Assert.That(AbsSendTimeExtension.TryRead(buffer, out uint value), Is.True);
        Assert.That(value, Is.EqualTo(0xabcdef));
        Assert.That(AbsSendTimeExtension.TryRead(buffer.Slice(1), out _), Is.False);
    }

    [Test]
    public void TransportSequenceNumberRoundTrips()
    {
        Span<byte> buffer = stackalloc byte[2];
        Assert.That(TransportSequenceNumberExtension.TryWrite(buffer, 0xbeef), Is.True);
        Assert.That(buffer[0], Is.EqualTo(0xbe));
        Assert.That(TransportSequenceNumberExtension.TryRead(buffer, out ushort seq), Is.True);
        Assert.That(seq, Is.EqualTo(0xbeef));
        Assert.That(TransportSequenceNumberExtension.TryRead(buffer.Slice(1), out _), Is.False);
    }

    [TestCase(0x85, true, 5)]
    [TestCase(0x7f, false, 127)]
    [TestCase(0x00, false, 0)]
    public void AudioLevelSplitsVoiceBitAndLevel(byte raw, bool voice, int level)
    {
        Assert.That(AudioLevelExtension.TryRead([raw], out bool v, out byte l), Is.True);
        Assert.That((v, (int)l), Is.EqualTo((voice, level)));
        Span<byte> buffer = stackalloc byte[1];
        Assert.That(AudioLevelExtension.TryWrite(buffer, voice, (byte)level), Is.True);
        Assert.That(buffer[0], Is.EqualTo(raw));
    }

    [Test]
    public void AudioLevelRefusesEmptyAndOutOfRange()
    {
        Assert.That(AudioLevelExtension.TryRead(default, out _, out _), Is.False);
        Assert.That(AudioLevelExtension.TryWrite(stackalloc byte[1], false, 128), Is.False);
    }

    [Test]
    public void StreamIdTrimsNulPaddingAndRejectsNonPrintable()
    {
        Assert.That(RtpStreamIdExtension.TryRead("hi\0\0"u8, out ReadOnlySpan<byte> id), Is.True);
        Assert.That(id.SequenceEqual("hi"u8), Is.True);
        Assert.That(RtpStreamIdExtension.TryRead("a b"u8, out _), Is.False);
        Assert.That(RtpStreamIdExtension.TryRead("\0"u8, out _), Is.False);
        Assert.That(RtpStreamIdExtension.Matches("q\0"u8, "q"u8), Is.True);
        Assert.That(RtpStreamIdExtension.Matches("h"u8, "f"u8), Is.False);
        Span<byte> buffer = stackalloc byte[4];
        Assert.That(RtpStreamIdExtension.TryWrite(buffer, "mid0"u8, out int written), Is.True);
        Assert.That(written, Is.EqualTo(4));
        Assert.That(RtpStreamIdExtension.TryWrite(buffer, "mid01"u8, out _), Is.False);
    }
}
