using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Voip.Media.Crypto;

namespace Voip.Media.Tests.Crypto;

/// <summary>The engine's one HMAC-SHA1 (<see cref="HmacSha1Key"/>) against RFC 2202 and the platform HMACSHA1.</summary>
public class HmacSha1KeyTests
{
    // RFC 2202 §3: key, data, HMAC-SHA1 (test cases 1, 2, 3, 6 and 7 — 6 and 7 have an 80-byte key, hashed first).
    private static readonly object[] Rfc2202Cases =
    [
        new object[] { new string('\x0b', 20), "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00" },
        new object[] { "Jefe", "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
        new object[] { new string('\xaa', 20), new string('\xdd', 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
        new object[] { new string('\xaa', 80), "Test Using Larger Than Block-Size Key - Hash Key First", "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
        new object[] { new string('\xaa', 80), "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
    ];

    [TestCaseSource(nameof(Rfc2202Cases))]
    public void Rfc2202(string key, string data, string expected)
    {
        var hmac = new HmacSha1Key(Encoding.Latin1.GetBytes(key));
        Span<byte> mac = stackalloc byte[HmacSha1Key.MacLength];
        hmac.Compute(Encoding.Latin1.GetBytes(data), mac);
        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo(expected));
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(20)]
    [TestCase(22)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(200)]
    public void MatchesPlatform_ForEveryMessageLength(int keyLength)
    {
        var random = new Random(keyLength);
        byte[] key = new byte[keyLength];
        random.NextBytes(key);
        byte[] data = new byte[300];
        random.NextBytes(data);
        var hmac = new HmacSha1Key(key);
        Span<byte> mac = stackalloc byte[HmacSha1Key.MacLength];

        for (int length = 0; length <= data.Length; length++)
        {
            hmac.Compute(data.AsSpan(0, length), mac);
            Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo(Convert.ToHexStringLower(HMACSHA1.HashData(key, data.AsSpan(0, length)))), $"length {length}");
        }
    }

    /// <summary>
    /// Every way of cutting a message into three parts (including empty ones) gives the MAC of the whole:
    /// the parts are hashed as one stream whichever block boundaries they straddle.
    /// </summary>
    [Test]
    public void ThreeParts_HashAsTheirConcatenation_ForEveryCut()
    {
        var random = new Random(3);
        byte[] key = new byte[20];
        random.NextBytes(key);
        var hmac = new HmacSha1Key(key);
        Span<byte> mac = stackalloc byte[HmacSha1Key.MacLength];
        foreach (int length in new[] { 0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 150, 200 })
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            string expected = Convert.ToHexStringLower(HMACSHA1.HashData(key, data));
            for (int i = 0; i <= length; i++)
            {
                for (int j = i; j <= length; j++)
                {
                    hmac.Compute(data.AsSpan(0, i), data.AsSpan(i, j - i), data.AsSpan(j), mac);
                    Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo(expected), $"length {length}, cuts {i}/{j}");
                }
            }
        }
    }

    [Test]
    public void TwoPartOverload_HashesPartsInOrder()
    {
        var hmac = new HmacSha1Key("key"u8);
        Span<byte> mac = stackalloc byte[HmacSha1Key.MacLength];
        hmac.Compute("ab"u8, "cd"u8, mac);
        Assert.That(mac.ToArray(), Is.EqualTo(HMACSHA1.HashData("key"u8, "abcd"u8)));
        Assert.That(mac.ToArray(), Is.Not.EqualTo(HMACSHA1.HashData("key"u8, "cdab"u8)));
    }

    [Test]
    public void Clear_WipesTheKey()
    {
        var hmac = new HmacSha1Key("key"u8);
        hmac.Clear();
        Span<byte> mac = stackalloc byte[HmacSha1Key.MacLength];
        hmac.Compute("data"u8, mac);
        Assert.That(mac.ToArray(), Is.Not.EqualTo(HMACSHA1.HashData("key"u8, "data"u8)));
    }
}
