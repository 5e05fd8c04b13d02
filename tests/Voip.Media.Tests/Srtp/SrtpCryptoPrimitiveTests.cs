using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Voip.Media.Srtp.Crypto;

namespace Voip.Media.Tests.Srtp;

/// <summary>The hand-written primitives against FIPS-197 and the platform's AES, AES-GCM and HMAC-SHA1.</summary>
public class SrtpCryptoPrimitiveTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void Aes_Fips197AppendixC(bool hardware)
    {
        using var aes128 = new AesBlockCipher(Hex.Parse("000102030405060708090a0b0c0d0e0f"), hardware);
        Vector128<byte> plain = Vector128.Create<byte>(Hex.Parse("00112233445566778899aabbccddeeff"));
        Assert.That(Hex.Of(ToArray(aes128.EncryptBlock(plain))), Is.EqualTo("69c4e0d86a7b0430d8cdb78070b4c55a"));
        using var aes256 = new AesBlockCipher(Hex.Parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), hardware);
        Assert.That(Hex.Of(ToArray(aes256.EncryptBlock(plain))), Is.EqualTo("8ea2b7ca516745bfeafc49904b496089"));
    }

    [Test]
    public void AesGcm_MatchesPlatformAesGcm_ForManyLengths([Values(16, 32)] int keyLength)
    {
        var rng = new Random(keyLength);
        var key = new byte[keyLength];
        rng.NextBytes(key);
        using var ours = new AesGcmEngine(key);
        using var platform = new AesGcm(key, 16);
        for (int length = 0; length < 300; length++)
        {
            var nonce = new byte[16];
            rng.NextBytes(nonce.AsSpan(0, 12));
            var aad = new byte[rng.Next(0, 80)];
            var plain = new byte[length];
            rng.NextBytes(aad);
            rng.NextBytes(plain);

            var expected = new byte[length];
            var expectedTag = new byte[16];
            platform.Encrypt(nonce.AsSpan(0, 12), plain, expected, expectedTag, aad);

            var actual = new byte[length];
            var tag = new byte[16];
            ours.Seal(Vector128.Create<byte>(nonce), aad, plain, actual, tag);
            Assert.That(Hex.Of(actual), Is.EqualTo(Hex.Of(expected)), $"length {length}");
            Assert.That(Hex.Of(tag), Is.EqualTo(Hex.Of(expectedTag)), $"length {length}");

            var opened = new byte[length];
            Assert.That(ours.Open(Vector128.Create<byte>(nonce), aad, expected, opened, expectedTag), Is.True);
            Assert.That(opened, Is.EqualTo(plain));
            expectedTag[length % 16] ^= 1;
            Assert.That(ours.Open(Vector128.Create<byte>(nonce), aad, expected, opened, expectedTag), Is.False);
        }
    }

    [Test]
    public void HmacSha1_MatchesPlatform_WithAndWithoutSuffix()
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
            mac.Compute(data.AsSpan(0, length), 0, hasSuffix: false, ours);
            Assert.That(Hex.Of(ours), Is.EqualTo(Hex.Of(HMACSHA1.HashData(key, data.AsSpan(0, length)))), $"length {length}");

            uint suffix = (uint)rng.Next();
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(length), suffix);
            mac.Compute(data.AsSpan(0, length), suffix, hasSuffix: true, ours);
            Assert.That(Hex.Of(ours), Is.EqualTo(Hex.Of(HMACSHA1.HashData(key, data))), $"length {length} + suffix");

            // Both back ends (managed SHA-1 and the platform HMAC) agree whatever the threshold.
            mac.ComputeManaged(data.AsSpan(0, length), suffix, hasSuffix: true, other);
            Assert.That(Hex.Of(other), Is.EqualTo(Hex.Of(ours)));
            mac.ComputePlatform(data.AsSpan(0, length), suffix, hasSuffix: true, other);
            Assert.That(Hex.Of(other), Is.EqualTo(Hex.Of(ours)));
        }
    }

    private static byte[] ToArray(Vector128<byte> v)
    {
        var a = new byte[16];
        v.CopyTo(a);
        return a;
    }
}
