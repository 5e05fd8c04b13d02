using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Voip.Media.Srtp.Crypto;

namespace Voip.Media.Tests.Srtp;

/// <summary>The hand-written primitives against FIPS-197 and the platform's AES and AES-GCM (HMAC-SHA1: Crypto/).</summary>
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

    private static byte[] ToArray(Vector128<byte> v)
    {
        var a = new byte[16];
        v.CopyTo(a);
        return a;
    }
}
