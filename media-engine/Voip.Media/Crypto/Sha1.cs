using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Voip.Media.Crypto;

/// <summary>
/// The SHA-1 compression function (FIPS 180-4 §6.1.2), exposed at block level so HMAC can start from
/// precomputed ipad/opad states (<see cref="HmacSha1Key"/>) and hash a message given in pieces (an SRTP
/// packet and its ROC, a STUN header with a patched length) without copying it. The one SHA-1 in the engine:
/// STUN MESSAGE-INTEGRITY and SRTP authentication both run on it.
/// </summary>
[SkipLocalsInit]
internal static class Sha1
{
    public const int BlockSize = 64;
    public const int DigestSize = 20;

    internal struct State
    {
        public uint A, B, C, D, E;

        public static State Initial => new() { A = 0x67452301, B = 0xEFCDAB89, C = 0x98BADCFE, D = 0x10325476, E = 0xC3D2E1F0 };
    }

    /// <summary>Compresses <paramref name="blocks"/> whole 64-byte blocks starting at <paramref name="data"/>.</summary>
    public static void Compress(ref State state, ref byte data, nuint blocks)
    {
        Span<uint> w = stackalloc uint[16];
        ref uint w0 = ref MemoryMarshal.GetReference(w);
        uint a0 = state.A, b0 = state.B, c0 = state.C, d0 = state.D, e0 = state.E;
        for (nuint blk = 0; blk < blocks; blk++)
        {
            ref byte p = ref Unsafe.Add(ref data, blk * BlockSize);
            for (int t = 0; t < 16; t++)
            {
                Unsafe.Add(ref w0, t) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, t * 4)));
            }

            uint a = a0, b = b0, c = c0, d = d0, e = e0;
            int i = 0;
            for (; i < 16; i++)
            {
                uint tmp = BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + Unsafe.Add(ref w0, i);
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = tmp;
            }

            for (; i < 20; i++)
            {
                uint tmp = BitOperations.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5A827999 + Schedule(ref w0, i);
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = tmp;
            }

            for (; i < 40; i++)
            {
                uint tmp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0x6ED9EBA1 + Schedule(ref w0, i);
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = tmp;
            }

            for (; i < 60; i++)
            {
                uint tmp = BitOperations.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + e + 0x8F1BBCDC + Schedule(ref w0, i);
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = tmp;
            }

            for (; i < 80; i++)
            {
                uint tmp = BitOperations.RotateLeft(a, 5) + (b ^ c ^ d) + e + 0xCA62C1D6 + Schedule(ref w0, i);
                e = d; d = c; c = BitOperations.RotateLeft(b, 30); b = a; a = tmp;
            }

            a0 += a; b0 += b; c0 += c; d0 += d; e0 += e;
        }

        state.A = a0; state.B = b0; state.C = c0; state.D = d0; state.E = e0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Schedule(ref uint w, int t)
    {
        uint v = BitOperations.RotateLeft(
            Unsafe.Add(ref w, (t - 3) & 15) ^ Unsafe.Add(ref w, (t - 8) & 15) ^ Unsafe.Add(ref w, (t - 14) & 15) ^ Unsafe.Add(ref w, t & 15), 1);
        Unsafe.Add(ref w, t & 15) = v;
        return v;
    }

    public static void WriteDigest(in State state, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, state.A);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), state.B);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), state.C);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), state.D);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), state.E);
    }
}
