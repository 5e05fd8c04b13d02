using System.Buffers.Binary;
using System.Security.Cryptography;
using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

public class StunHmacSha1Tests
{
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(22)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(200)]
    public void MatchesHmacSha1_ForEveryMessageLength(int keyLength)
    {
        var random = new Random(keyLength);
        byte[] key = new byte[keyLength];
        random.NextBytes(key);
        byte[] data = new byte[300];
        random.NextBytes(data);
        uint[] midstates = new uint[StunHmacSha1.MidstateWords];
        StunHmacSha1.Key(key, midstates);
        Span<byte> mac = stackalloc byte[20];

        for (int length = 0; length <= data.Length; length++)
        {
            byte[] message = data[..length];
            StunHmacSha1.Compute(midstates, message, patchLength: false, 0, mac);
            Assert.That(mac.ToArray(), Is.EqualTo(HMACSHA1.HashData(key, message)), $"length {length}");

            if (length >= 4)
            {
                byte[] patched = (byte[])message.Clone();
                BinaryPrimitives.WriteUInt16BigEndian(patched.AsSpan(2), 0xBEEF);
                StunHmacSha1.Compute(midstates, message, patchLength: true, 0xBEEF, mac);
                Assert.That(mac.ToArray(), Is.EqualTo(HMACSHA1.HashData(key, patched)), $"patched, length {length}");
            }
        }
    }

    [Test]
    public void Rfc2202_TestCase2() // HMAC-SHA1 key "Jefe"
    {
        uint[] midstates = new uint[StunHmacSha1.MidstateWords];
        StunHmacSha1.Key("Jefe"u8, midstates);
        Span<byte> mac = stackalloc byte[20];
        StunHmacSha1.Compute(midstates, "what do ya want for nothing?"u8, false, 0, mac);
        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
    }
}
