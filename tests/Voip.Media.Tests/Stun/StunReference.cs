using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Voip.Media.Tests.Stun;

/// <summary>
/// Deliberately naive, independent re-implementations used to cross-check the engine's STUN code:
/// a bit-at-a-time CRC-32 and an HMACSHA1 instance over a patched copy of the message.
/// </summary>
internal static class StunReference
{
    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Offset of the first attribute of <paramref name="type"/>, found by a plain walk; −1 if none.</summary>
    public static int FindAttribute(byte[] message, ushort type)
    {
        int offset = 20;
        while (offset + 4 <= message.Length)
        {
            ushort t = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
            int length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset + 2));
            if (t == type)
            {
                return offset;
            }

            offset += 4 + ((length + 3) / 4 * 4);
        }

        return -1;
    }

    /// <summary>RFC 8489 §14.5 done the obvious way: copy, rewrite the length, HMAC the prefix, compare.</summary>
    public static bool IntegrityMatches(byte[] message, byte[] key)
    {
        int mi = FindAttribute(message, 0x0008);
        if (mi < 0)
        {
            return false;
        }

        byte[] copy = message[..mi];
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(2), (ushort)(mi - 20 + 24));
        using var hmac = new HMACSHA1(key);
        byte[] mac = hmac.ComputeHash(copy);
        return mac.AsSpan().SequenceEqual(message.AsSpan(mi + 4, 20));
    }

    /// <summary>RFC 8489 §14.7 with the bitwise CRC.</summary>
    public static bool FingerprintMatches(byte[] message)
    {
        int fp = FindAttribute(message, 0x8028);
        if (fp < 0 || fp + 8 != message.Length)
        {
            return false;
        }

        uint expected = BinaryPrimitives.ReadUInt32BigEndian(message.AsSpan(fp + 4));
        return (BitwiseCrc32(message.AsSpan(0, fp)) ^ 0x5354554E) == expected;
    }
}
