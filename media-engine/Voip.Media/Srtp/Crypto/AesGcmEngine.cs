using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Voip.Media.Srtp.Crypto;

/// <summary>
/// AES-GCM with a 96-bit nonce and a 128-bit tag (NIST SP 800-38D), as RFC 7714 uses it. On x86 with
/// AES-NI and PCLMULQDQ one pass encrypts (CTR, four blocks in flight) and authenticates (GHASH with
/// four-block aggregated reduction); elsewhere it defers to the platform <see cref="AesGcm"/>.
/// </summary>
[SkipLocalsInit]
internal sealed class AesGcmEngine : IDisposable
{
    public const int TagLength = 16;

    private readonly AesBlockCipher _aes;
    private readonly AesGcm? _portable;
    private Vector128<ulong> _h1, _h2, _h3, _h4;

    public AesGcmEngine(ReadOnlySpan<byte> key, bool allowHardware = true)
    {
        IsHardware = allowHardware && X86Aes.IsSupported && Ghash.IsSupported;
        _aes = new AesBlockCipher(key, IsHardware);
        if (IsHardware)
        {
            _h1 = Ghash.Reflect(_aes.EncryptBlock(Vector128<byte>.Zero));
            _h2 = Ghash.Multiply(_h1, _h1);
            _h3 = Ghash.Multiply(_h2, _h1);
            _h4 = Ghash.Multiply(_h3, _h1);
        }
        else
        {
            _portable = new AesGcm(key, TagLength);
        }
    }

    public bool IsHardware { get; }

    /// <summary>Encrypts <paramref name="src"/> into <paramref name="dst"/> (same memory allowed) and writes the tag.</summary>
    /// <param name="nonce">12 nonce bytes; the last four lanes are ignored.</param>
    public void Seal(Vector128<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> src, Span<byte> dst, Span<byte> tag)
    {
        if (IsHardware)
        {
            Process(nonce, aad, src, dst, encrypt: true).CopyTo(tag);
            return;
        }

        Span<byte> n = stackalloc byte[16];
        nonce.CopyTo(n);
        _portable!.Encrypt(n.Slice(0, 12), src, dst.Slice(0, src.Length), tag.Slice(0, TagLength), aad);
    }

    /// <summary>
    /// Decrypts and verifies. On failure returns false; <paramref name="dst"/> then holds unspecified
    /// bytes (the hardware path decrypts while it authenticates) and must be discarded.
    /// </summary>
    public bool Open(Vector128<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> src, Span<byte> dst, ReadOnlySpan<byte> tag)
    {
        if (IsHardware)
        {
            Vector128<byte> expected = Process(nonce, aad, src, dst, encrypt: false);
            Vector128<byte> received = Vector128.Create<byte>(tag.Slice(0, TagLength));
            return (expected ^ received) == Vector128<byte>.Zero;
        }

        Span<byte> n = stackalloc byte[16];
        nonce.CopyTo(n);
        try
        {
            _portable!.Decrypt(n.Slice(0, 12), src, tag.Slice(0, TagLength), dst.Slice(0, src.Length), aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // Only the portable fallback ends up here; the platform API reports a bad tag by throwing.
            return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<uint> j, uint i) =>
        j.WithElement(3, BinaryPrimitives.ReverseEndianness(i)).AsByte();

    private Vector128<byte> Process(Vector128<byte> nonce, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> src, Span<byte> dst, bool encrypt)
    {
        ref Vector128<byte> rk = ref _aes.RoundKeyZero;
        int rounds = _aes.Rounds;
        Vector128<byte> k0 = rk;
        Vector128<byte> kLast = Unsafe.Add(ref rk, rounds);
        Vector128<uint> j = nonce.AsUInt32();
        Vector128<ulong> h1 = _h1;

        // E(K, J0) masks the tag; J0 = nonce || 1 (SP 800-38D §7.1, 96-bit IV).
        Vector128<byte> tagMask = Counter(j, 1) ^ k0;
        for (int r = 1; r < rounds; r++)
        {
            tagMask = X86Aes.Encrypt(tagMask, Unsafe.Add(ref rk, r));
        }

        tagMask = X86Aes.EncryptLast(tagMask, kLast);

        Vector128<ulong> y = Vector128<ulong>.Zero;
        ref byte a = ref MemoryMarshal.GetReference(aad);
        nuint aadLength = (nuint)aad.Length;
        nuint p = 0;
        for (; aadLength - p >= 16; p += 16)
        {
            y = Ghash.Multiply(y ^ Ghash.Reflect(Vector128.LoadUnsafe(ref a, p)), h1);
        }

        if (p < aadLength)
        {
            y = Ghash.Multiply(y ^ Ghash.Reflect(LoadPartial(ref Unsafe.Add(ref a, p), (int)(aadLength - p))), h1);
        }

        ref byte s = ref MemoryMarshal.GetReference(src);
        ref byte d = ref MemoryMarshal.GetReference(dst);
        nuint n = (nuint)src.Length;
        nuint i = 0;
        uint ctr = 2;
        if (n >= 64)
        {
            Vector128<ulong> h2 = _h2, h3 = _h3, h4 = _h4;
            while (n - i >= 64)
            {
                Vector128<byte> b0 = Counter(j, ctr) ^ k0;
                Vector128<byte> b1 = Counter(j, ctr + 1) ^ k0;
                Vector128<byte> b2 = Counter(j, ctr + 2) ^ k0;
                Vector128<byte> b3 = Counter(j, ctr + 3) ^ k0;
                for (int r = 1; r < rounds; r++)
                {
                    Vector128<byte> k = Unsafe.Add(ref rk, r);
                    b0 = X86Aes.Encrypt(b0, k);
                    b1 = X86Aes.Encrypt(b1, k);
                    b2 = X86Aes.Encrypt(b2, k);
                    b3 = X86Aes.Encrypt(b3, k);
                }

                Vector128<byte> in0 = Vector128.LoadUnsafe(ref s, i);
                Vector128<byte> in1 = Vector128.LoadUnsafe(ref s, i + 16);
                Vector128<byte> in2 = Vector128.LoadUnsafe(ref s, i + 32);
                Vector128<byte> in3 = Vector128.LoadUnsafe(ref s, i + 48);
                Vector128<byte> o0 = in0 ^ X86Aes.EncryptLast(b0, kLast);
                Vector128<byte> o1 = in1 ^ X86Aes.EncryptLast(b1, kLast);
                Vector128<byte> o2 = in2 ^ X86Aes.EncryptLast(b2, kLast);
                Vector128<byte> o3 = in3 ^ X86Aes.EncryptLast(b3, kLast);
                o0.StoreUnsafe(ref d, i);
                o1.StoreUnsafe(ref d, i + 16);
                o2.StoreUnsafe(ref d, i + 32);
                o3.StoreUnsafe(ref d, i + 48);
                if (encrypt)
                {
                    in0 = o0;
                    in1 = o1;
                    in2 = o2;
                    in3 = o3;
                }

                Vector128<ulong> lo = default, mid = default, hi = default;
                Ghash.MultiplyAdd(y ^ Ghash.Reflect(in0), h4, ref lo, ref mid, ref hi);
                Ghash.MultiplyAdd(Ghash.Reflect(in1), h3, ref lo, ref mid, ref hi);
                Ghash.MultiplyAdd(Ghash.Reflect(in2), h2, ref lo, ref mid, ref hi);
                Ghash.MultiplyAdd(Ghash.Reflect(in3), h1, ref lo, ref mid, ref hi);
                y = Ghash.Reduce(lo, mid, hi);
                i += 64;
                ctr += 4;
            }
        }

        while (n - i >= 16)
        {
            Vector128<byte> b = Counter(j, ctr) ^ k0;
            for (int r = 1; r < rounds; r++)
            {
                b = X86Aes.Encrypt(b, Unsafe.Add(ref rk, r));
            }

            Vector128<byte> input = Vector128.LoadUnsafe(ref s, i);
            Vector128<byte> o = input ^ X86Aes.EncryptLast(b, kLast);
            o.StoreUnsafe(ref d, i);
            y = Ghash.Multiply(y ^ Ghash.Reflect(encrypt ? o : input), h1);
            i += 16;
            ctr++;
        }

        if (i < n)
        {
            int rest = (int)(n - i);
            Vector128<byte> b = Counter(j, ctr) ^ k0;
            for (int r = 1; r < rounds; r++)
            {
                b = X86Aes.Encrypt(b, Unsafe.Add(ref rk, r));
            }

            b = X86Aes.EncryptLast(b, kLast);
            Vector128<byte> input = LoadPartial(ref Unsafe.Add(ref s, i), rest);
            Vector128<byte> o = input ^ b;
            Span<byte> tmp = stackalloc byte[16];
            o.CopyTo(tmp);
            tmp.Slice(0, rest).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref d, i), rest));
            if (encrypt)
            {
                tmp.Slice(rest).Clear();
                input = Vector128.Create<byte>(tmp);
            }

            y = Ghash.Multiply(y ^ Ghash.Reflect(input), h1);
        }

        // Final block: bit lengths of AAD and ciphertext, each 64-bit big-endian.
        Vector128<byte> lengths = Vector128.Create(
            BinaryPrimitives.ReverseEndianness((ulong)aad.Length * 8),
            BinaryPrimitives.ReverseEndianness((ulong)src.Length * 8)).AsByte();
        y = Ghash.Multiply(y ^ Ghash.Reflect(lengths), h1);
        return Ghash.Unreflect(y) ^ tagMask;
    }

    /// <summary>Loads 1..15 bytes into a zero-padded block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> LoadPartial(ref byte source, int count)
    {
        Span<byte> tmp = stackalloc byte[16];
        tmp.Clear();
        MemoryMarshal.CreateReadOnlySpan(ref source, count).CopyTo(tmp);
        return Vector128.Create<byte>(tmp);
    }

    public void Dispose()
    {
        _aes.Dispose();
        _portable?.Dispose();
        _h1 = _h2 = _h3 = _h4 = default;
    }
}
