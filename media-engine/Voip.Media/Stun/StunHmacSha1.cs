using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Voip.Media.Stun;

/// <summary>
/// HMAC-SHA1 (RFC 2104, FIPS 180-4) specialised for STUN: the key's inner and outer pad blocks are
/// compressed once at keying time, so a MESSAGE-INTEGRITY over a ~100-byte check costs three SHA-1
/// compressions, all managed (no native call, no context reset). The first message block can have its
/// length field patched on the fly, which is what verification needs (RFC 8489 §14.5).
/// </summary>
[SkipLocalsInit]
internal static class StunHmacSha1
{
    public const int MidstateWords = 10; // inner (5) + outer (5)

    private const int BlockSize = 64;

    /// <summary>Derives the inner/outer midstates for <paramref name="key"/>.</summary>
    public static void Key(ReadOnlySpan<byte> key, Span<uint> midstates)
    {
        Span<byte> k0 = stackalloc byte[BlockSize];
        k0.Clear();
        if (key.Length > BlockSize)
        {
            SHA1.HashData(key, k0); // RFC 2104: long keys are hashed first
        }
        else
        {
            key.CopyTo(k0);
        }

        Span<byte> pad = stackalloc byte[BlockSize];
        for (int i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(k0[i] ^ 0x36);
        }

        InitialState(midstates[..5]);
        Compress(midstates[..5], pad);
        for (int i = 0; i < BlockSize; i++)
        {
            pad[i] = (byte)(k0[i] ^ 0x5c);
        }

        InitialState(midstates[5..]);
        Compress(midstates[5..], pad);
        CryptographicOperations.ZeroMemory(k0);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>
    /// HMAC of <paramref name="data"/>; when <paramref name="patchLength"/> is set, bytes 2..3 of data (the
    /// STUN header length) are hashed as <paramref name="lengthField"/> instead of what they hold.
    /// </summary>
    public static void Compute(ReadOnlySpan<uint> midstates, ReadOnlySpan<byte> data, bool patchLength, ushort lengthField, Span<byte> mac)
    {
        Span<uint> state = stackalloc uint[5];
        midstates[..5].CopyTo(state);
        Span<byte> block = stackalloc byte[2 * BlockSize];

        int offset = 0;
        for (; offset + BlockSize <= data.Length; offset += BlockSize)
        {
            if (offset == 0 && patchLength)
            {
                data[..BlockSize].CopyTo(block);
                BinaryPrimitives.WriteUInt16BigEndian(block[2..], lengthField);
                Compress(state, block[..BlockSize]);
            }
            else
            {
                Compress(state, data.Slice(offset, BlockSize));
            }
        }

        // Tail + 0x80 + zeros + 64-bit bit count, counting the inner pad block already absorbed.
        int tail = data.Length - offset;
        block.Clear();
        data[offset..].CopyTo(block);
        if (offset == 0 && patchLength && tail >= 4)
        {
            BinaryPrimitives.WriteUInt16BigEndian(block[2..], lengthField);
        }

        block[tail] = 0x80;
        int finalLength = tail + 9 <= BlockSize ? BlockSize : 2 * BlockSize;
        BinaryPrimitives.WriteUInt64BigEndian(block[(finalLength - 8)..], (ulong)(BlockSize + data.Length) * 8);
        Compress(state, block[..BlockSize]);
        if (finalLength > BlockSize)
        {
            Compress(state, block[BlockSize..]);
        }

        // Outer hash: opad midstate, then the 20-byte inner digest in one padded block.
        block[..BlockSize].Clear();
        for (int i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(block[(i * 4)..], state[i]);
        }

        block[20] = 0x80;
        BinaryPrimitives.WriteUInt64BigEndian(block[56..], (BlockSize + 20) * 8);
        midstates[5..].CopyTo(state);
        Compress(state, block[..BlockSize]);
        for (int i = 0; i < 5; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(mac[(i * 4)..], state[i]);
        }
    }

    private static void InitialState(Span<uint> state)
    {
        state[0] = 0x67452301;
        state[1] = 0xEFCDAB89;
        state[2] = 0x98BADCFE;
        state[3] = 0x10325476;
        state[4] = 0xC3D2E1F0;
    }

    /// <summary>One SHA-1 block (FIPS 180-4 §6.1.2): 16-word rolling schedule, one loop per round function.</summary>
    private static void Compress(Span<uint> state, ReadOnlySpan<byte> block)
    {
        Span<uint> w = stackalloc uint[16];
        for (int i = 0; i < 16; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32BigEndian(block.Slice(i * 4, 4));
        }

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        int r = 0;
        for (; r < 20; r++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + Schedule(w, r);
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = t;
        }

        for (; r < 40; r++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + Schedule(w, r);
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = t;
        }

        for (; r < 60; r++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8F1BBCDC + Schedule(w, r);
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = t;
        }

        for (; r < 80; r++)
        {
            uint t = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + Schedule(w, r);
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = t;
        }

        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Schedule(Span<uint> w, int r)
    {
        if (r < 16)
        {
            return w[r];
        }

        uint wi = BitOperations.RotateLeft(w[(r + 13) & 15] ^ w[(r + 8) & 15] ^ w[(r + 2) & 15] ^ w[r & 15], 1);
        w[r & 15] = wi;
        return wi;
    }
}
