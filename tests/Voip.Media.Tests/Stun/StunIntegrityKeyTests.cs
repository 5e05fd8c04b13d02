using System.Buffers.Binary;
using System.Security.Cryptography;
using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

/// <summary>MESSAGE-INTEGRITY's HMAC with the header length patched while hashing (RFC 8489 §14.5).</summary>
public class StunIntegrityKeyTests
{
    [TestCase(0)]
    [TestCase(22)]
    [TestCase(65)]
    public void PatchedLength_MatchesHmacOfThePatchedCopy_ForEveryLength(int keyLength)
    {
        var random = new Random(keyLength);
        byte[] key = new byte[keyLength];
        random.NextBytes(key);
        byte[] data = new byte[300];
        random.NextBytes(data);
        byte[] original = (byte[])data.Clone();
        using var integrityKey = new StunIntegrityKey(key);
        Span<byte> mac = stackalloc byte[StunIntegrityKey.MacLength];

        for (int length = 4; length <= data.Length; length++)
        {
            byte[] patched = data[..length];
            BinaryPrimitives.WriteUInt16BigEndian(patched.AsSpan(2), 0xBEEF);
            integrityKey.Compute(data.AsSpan(0, length), 0xBEEF, mac);
            Assert.That(mac.ToArray(), Is.EqualTo(HMACSHA1.HashData(key, patched)), $"patched, length {length}");

            integrityKey.Compute(data.AsSpan(0, length), mac);
            Assert.That(mac.ToArray(), Is.EqualTo(HMACSHA1.HashData(key, data.AsSpan(0, length))), $"unpatched, length {length}");
        }

        Assert.That(data, Is.EqualTo(original), "the message is hashed in place, never modified");
    }

    [Test]
    public void Dispose_WipesTheKey()
    {
        var integrityKey = new StunIntegrityKey("pass"u8);
        Span<byte> before = stackalloc byte[StunIntegrityKey.MacLength];
        Span<byte> after = stackalloc byte[StunIntegrityKey.MacLength];
        integrityKey.Compute("message"u8, before);
        integrityKey.Dispose();
        integrityKey.Compute("message"u8, after);
        Assert.That(before.ToArray(), Is.EqualTo(HMACSHA1.HashData("pass"u8, "message"u8)));
        Assert.That(after.ToArray(), Is.Not.EqualTo(before.ToArray()));
    }
}
