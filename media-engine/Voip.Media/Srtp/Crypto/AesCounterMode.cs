using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Voip.Media.Srtp.Crypto;

/// <summary>
/// AES in SRTP's counter mode (RFC 3711 §4.1.1): block <c>i</c> of keystream is <c>E(k, IV + i)</c>.
/// The SRTP IV is always a 112-bit value times 2^16, so its last two bytes are zero and the counter
/// simply occupies them; that bounds one call to 2^20 bytes, far above any datagram.
/// </summary>
[SkipLocalsInit]
internal static class AesCounterMode
{
    public const int MaxLength = 1 << 20;

    /// <summary>dst = src XOR keystream. <paramref name="src"/> and <paramref name="dst"/> may be the same memory.</summary>
    public static void Transform(AesBlockCipher aes, Vector128<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (dst.Length < src.Length || src.Length > MaxLength)
        {
            throw new ArgumentException("Destination too small or input too long.", nameof(dst));
        }

        if (aes.IsHardware)
        {
            TransformHardware(aes, iv, src, dst);
        }
        else
        {
            TransformPortable(aes, iv, src, dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<ushort> iv, uint i) =>
        iv.WithElement(7, BinaryPrimitives.ReverseEndianness((ushort)i)).AsByte();

    private static void TransformHardware(AesBlockCipher aes, Vector128<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        ref byte s = ref MemoryMarshal.GetReference(src);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        ref Vector128<byte> rk = ref aes.RoundKeyZero;
        int rounds = aes.Rounds;
        Vector128<ushort> iv16 = iv.AsUInt16();
        Vector128<byte> k0 = rk;
        Vector128<byte> kLast = Unsafe.Add(ref rk, rounds);
        nuint n = (nuint)src.Length;
        nuint i = 0;
        uint ctr = 0;

        // Eight independent blocks in flight hide AESENC latency (4 cycles, 1-2 per cycle throughput).
        while (n - i >= 128)
        {
            Vector128<byte> b0 = Counter(iv16, ctr) ^ k0;
            Vector128<byte> b1 = Counter(iv16, ctr + 1) ^ k0;
            Vector128<byte> b2 = Counter(iv16, ctr + 2) ^ k0;
            Vector128<byte> b3 = Counter(iv16, ctr + 3) ^ k0;
            Vector128<byte> b4 = Counter(iv16, ctr + 4) ^ k0;
            Vector128<byte> b5 = Counter(iv16, ctr + 5) ^ k0;
            Vector128<byte> b6 = Counter(iv16, ctr + 6) ^ k0;
            Vector128<byte> b7 = Counter(iv16, ctr + 7) ^ k0;
            for (int r = 1; r < rounds; r++)
            {
                Vector128<byte> k = Unsafe.Add(ref rk, r);
                b0 = X86Aes.Encrypt(b0, k);
                b1 = X86Aes.Encrypt(b1, k);
                b2 = X86Aes.Encrypt(b2, k);
                b3 = X86Aes.Encrypt(b3, k);
                b4 = X86Aes.Encrypt(b4, k);
                b5 = X86Aes.Encrypt(b5, k);
                b6 = X86Aes.Encrypt(b6, k);
                b7 = X86Aes.Encrypt(b7, k);
            }

            (Vector128.LoadUnsafe(ref s, i) ^ X86Aes.EncryptLast(b0, kLast)).StoreUnsafe(ref d, i);
            (Vector128.LoadUnsafe(ref s, i + 16) ^ X86Aes.EncryptLast(b1, kLast)).StoreUnsafe(ref d, i + 16);
            (Vector128.LoadUnsafe(ref s, i + 32) ^ X86Aes.EncryptLast(b2, kLast)).StoreUnsafe(ref d, i + 32);
            (Vector128.LoadUnsafe(ref s, i + 48) ^ X86Aes.EncryptLast(b3, kLast)).StoreUnsafe(ref d, i + 48);
            (Vector128.LoadUnsafe(ref s, i + 64) ^ X86Aes.EncryptLast(b4, kLast)).StoreUnsafe(ref d, i + 64);
            (Vector128.LoadUnsafe(ref s, i + 80) ^ X86Aes.EncryptLast(b5, kLast)).StoreUnsafe(ref d, i + 80);
            (Vector128.LoadUnsafe(ref s, i + 96) ^ X86Aes.EncryptLast(b6, kLast)).StoreUnsafe(ref d, i + 96);
            (Vector128.LoadUnsafe(ref s, i + 112) ^ X86Aes.EncryptLast(b7, kLast)).StoreUnsafe(ref d, i + 112);
            i += 128;
            ctr += 8;
        }

        while (n - i >= 32)
        {
            Vector128<byte> b0 = Counter(iv16, ctr) ^ k0;
            Vector128<byte> b1 = Counter(iv16, ctr + 1) ^ k0;
            for (int r = 1; r < rounds; r++)
            {
                Vector128<byte> k = Unsafe.Add(ref rk, r);
                b0 = X86Aes.Encrypt(b0, k);
                b1 = X86Aes.Encrypt(b1, k);
            }

            (Vector128.LoadUnsafe(ref s, i) ^ X86Aes.EncryptLast(b0, kLast)).StoreUnsafe(ref d, i);
            (Vector128.LoadUnsafe(ref s, i + 16) ^ X86Aes.EncryptLast(b1, kLast)).StoreUnsafe(ref d, i + 16);
            i += 32;
            ctr += 2;
        }

        if (i < n)
        {
            Vector128<byte> b = Counter(iv16, ctr) ^ k0;
            for (int r = 1; r < rounds; r++)
            {
                b = X86Aes.Encrypt(b, Unsafe.Add(ref rk, r));
            }

            b = X86Aes.EncryptLast(b, kLast);
            if (n - i >= 16)
            {
                (Vector128.LoadUnsafe(ref s, i) ^ b).StoreUnsafe(ref d, i);
                i += 16;
                ctr++;
                if (i == n)
                {
                    return;
                }

                b = Counter(iv16, ctr) ^ k0;
                for (int r = 1; r < rounds; r++)
                {
                    b = X86Aes.Encrypt(b, Unsafe.Add(ref rk, r));
                }

                b = X86Aes.EncryptLast(b, kLast);
            }

            XorPartial(ref Unsafe.Add(ref s, i), ref Unsafe.Add(ref d, i), (int)(n - i), b);
        }
    }

    /// <summary>XORs a final partial block (1..15 bytes) with keystream <paramref name="ks"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void XorPartial(ref byte s, ref byte d, int count, Vector128<byte> ks)
    {
        Span<byte> tmp = stackalloc byte[16];
        ks.CopyTo(tmp);
        for (int j = 0; j < count; j++)
        {
            Unsafe.Add(ref d, j) = (byte)(Unsafe.Add(ref s, j) ^ tmp[j]);
        }
    }

    private static void TransformPortable(AesBlockCipher aes, Vector128<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        const int ChunkBlocks = 16;
        Span<byte> counters = stackalloc byte[ChunkBlocks * 16];
        Span<byte> keystream = stackalloc byte[ChunkBlocks * 16];
        Vector128<ushort> iv16 = iv.AsUInt16();
        uint ctr = 0;
        int offset = 0;
        while (offset < src.Length)
        {
            int chunk = Math.Min(ChunkBlocks * 16, src.Length - offset);
            int blocks = (chunk + 15) / 16;
            for (int b = 0; b < blocks; b++)
            {
                Counter(iv16, ctr++).CopyTo(counters.Slice(b * 16));
            }

            aes.EncryptBlocksPortable(counters.Slice(0, blocks * 16), keystream);
            for (int j = 0; j < chunk; j++)
            {
                dst[offset + j] = (byte)(src[offset + j] ^ keystream[j]);
            }

            offset += chunk;
        }

        CryptographicZero(keystream);
    }

    private static void CryptographicZero(Span<byte> s) => System.Security.Cryptography.CryptographicOperations.ZeroMemory(s);
}
