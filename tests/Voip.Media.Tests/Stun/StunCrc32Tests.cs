using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

public class StunCrc32Tests
{
    [Test]
    public void CheckValue() => Assert.That(StunCrc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));

    [Test]
    public void MatchesBitwiseReference_ForEveryLengthAndOffset()
    {
        byte[] data = new byte[300];
        new Random(42).NextBytes(data);
        for (int start = 0; start < 8; start++)
        {
            for (int length = 0; start + length <= data.Length; length += 7)
            {
                ReadOnlySpan<byte> slice = data.AsSpan(start, length);
                Assert.That(StunCrc32.Compute(slice), Is.EqualTo(StunReference.BitwiseCrc32(slice)), $"start {start} length {length}");
            }
        }
    }

    [Test]
    public void NotCastagnoli() => Assert.That(StunCrc32.Compute("123456789"u8), Is.Not.EqualTo(0xE3069283u));
}
