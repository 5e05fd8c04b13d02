using System.Buffers.Binary;
using System.Security.Cryptography;
using Voip.Media.Crypto;

namespace Voip.Media.Tests.Crypto;

/// <summary><see cref="HmacSha1"/> (managed below the threshold, platform above) for SRTP's <c>packet || ROC</c>.</summary>
public class HmacSha1Tests
{
    [Test]
    public void MatchesPlatform_WithAndWithoutRoc_OnBothBackEnds()
    {
        var rng = new Random(5);
        var key = new byte[20];
        rng.NextBytes(key);
        using var mac = new HmacSha1(key);
        var ours = new byte[20];
        var other = new byte[20];
        for (int length = 0; length < 700; length++)
        {
            var data = new byte[length + 4];
            rng.NextBytes(data);
            mac.Compute(data.AsSpan(0, length), ours);
            Assert.That(Convert.ToHexStringLower(ours), Is.EqualTo(Convert.ToHexStringLower(HMACSHA1.HashData(key, data.AsSpan(0, length)))), $"length {length}");

            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(length), (uint)rng.Next());
            mac.Compute(data.AsSpan(0, length), data.AsSpan(length), ours);
            Assert.That(Convert.ToHexStringLower(ours), Is.EqualTo(Convert.ToHexStringLower(HMACSHA1.HashData(key, data))), $"length {length} + ROC");

            // Both back ends (managed SHA-1 and the platform HMAC) agree whatever the threshold.
            mac.ComputeManaged(data.AsSpan(0, length), data.AsSpan(length), other);
            Assert.That(other, Is.EqualTo(ours), $"managed, length {length}");
            mac.ComputePlatform(data.AsSpan(0, length), data.AsSpan(length), other);
            Assert.That(other, Is.EqualTo(ours), $"platform, length {length}");
        }
    }

    [Test]
    public void PlatformBackEnd_ResetsBetweenMessages()
    {
        using var mac = new HmacSha1("k"u8);
        byte[] big = new byte[HmacSha1.PlatformThreshold + 10];
        var first = new byte[20];
        var second = new byte[20];
        mac.Compute(big, first);
        mac.Compute(big, second);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Is.EqualTo(HMACSHA1.HashData("k"u8, big)));
    }
}
