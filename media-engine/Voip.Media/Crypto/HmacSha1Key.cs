using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Voip.Media.Crypto;

/// <summary>
/// A pre-keyed HMAC-SHA1 (RFC 2104): keying compresses <c>K ⊕ ipad</c> and <c>K ⊕ opad</c> once and keeps
/// the two SHA-1 states, so each message costs only its own blocks plus one outer block, fully managed (no
/// native call, no context to reset). The message may be given as up to three spans that are hashed as if
/// concatenated, without copying them together; that covers SRTP's <c>packet || ROC</c> (RFC 3711 §4.2) and
/// STUN's <c>header[..2] || patched length || rest</c> (RFC 8489 §14.5).
/// Computing does not change the value, so one key may be used from several threads at once.
/// </summary>
[SkipLocalsInit]
internal struct HmacSha1Key
{
    public const int MacLength = Sha1.DigestSize;

    private Sha1.State _inner;
    private Sha1.State _outer;

    public HmacSha1Key(ReadOnlySpan<byte> key)
    {
        Span<byte> k0 = stackalloc byte[Sha1.BlockSize];
        k0.Clear();
        if (key.Length > Sha1.BlockSize)
        {
            SHA1.HashData(key, k0); // RFC 2104 §2: keys longer than a block are hashed first
        }
        else
        {
            key.CopyTo(k0);
        }

        Span<byte> pad = stackalloc byte[Sha1.BlockSize];
        for (int i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(k0[i] ^ 0x36);
        }

        _inner = Sha1.State.Initial;
        Sha1.Compress(ref _inner, ref MemoryMarshal.GetReference(pad), 1);
        for (int i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(k0[i] ^ 0x5C);
        }

        _outer = Sha1.State.Initial;
        Sha1.Compress(ref _outer, ref MemoryMarshal.GetReference(pad), 1);
        CryptographicOperations.ZeroMemory(k0);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>Writes the 20-byte HMAC of <paramref name="data"/> to <paramref name="mac"/>.</summary>
    public readonly void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => Compute(data, default, default, mac);

    /// <summary>Writes the 20-byte HMAC of <c>part1 || part2</c> to <paramref name="mac"/>.</summary>
    public readonly void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac) =>
        Compute(part1, part2, default, mac);

    /// <summary>Writes the 20-byte HMAC of <c>part1 || part2 || part3</c> to <paramref name="mac"/>.</summary>
    public readonly void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ReadOnlySpan<byte> part3, Span<byte> mac)
    {
        // Inner hash, continuing from the ipad state. Whole blocks are compressed straight from the caller's
        // spans; only a block that straddles two parts, and the final padded tail, go through this buffer.
        Sha1.State state = _inner;
        Span<byte> block = stackalloc byte[2 * Sha1.BlockSize];
        int buffered = Absorb(ref state, block, 0, part1);
        buffered = Absorb(ref state, block, buffered, part2);
        buffered = Absorb(ref state, block, buffered, part3);

        // FIPS 180-4 §5.1.1: 0x80, zeros, then the bit length, which counts the ipad block already absorbed.
        long messageLength = (long)part1.Length + part2.Length + part3.Length;
        block[buffered] = 0x80;
        int tailLength = buffered + 1 + 8 <= Sha1.BlockSize ? Sha1.BlockSize : 2 * Sha1.BlockSize;
        block.Slice(buffered + 1, tailLength - 8 - buffered - 1).Clear();
        BinaryPrimitives.WriteUInt64BigEndian(block.Slice(tailLength - 8), (ulong)(Sha1.BlockSize + messageLength) * 8);
        Sha1.Compress(ref state, ref MemoryMarshal.GetReference(block), (nuint)(tailLength / Sha1.BlockSize));

        // Outer hash: the opad state plus one block holding the 20-byte inner digest.
        Span<byte> outerBlock = block.Slice(0, Sha1.BlockSize);
        Sha1.WriteDigest(state, outerBlock);
        outerBlock[Sha1.DigestSize] = 0x80;
        outerBlock.Slice(Sha1.DigestSize + 1, Sha1.BlockSize - Sha1.DigestSize - 1 - 8).Clear();
        BinaryPrimitives.WriteUInt64BigEndian(outerBlock.Slice(Sha1.BlockSize - 8), (ulong)(Sha1.BlockSize + Sha1.DigestSize) * 8);
        Sha1.State outer = _outer;
        Sha1.Compress(ref outer, ref MemoryMarshal.GetReference(outerBlock), 1);
        Sha1.WriteDigest(outer, mac);
    }

    /// <summary>Wipes the key material (the pad states are as good as the key for forging MACs).</summary>
    public void Clear()
    {
        _inner = default;
        _outer = default;
    }

    /// <summary>
    /// Feeds <paramref name="part"/> after the <paramref name="buffered"/> bytes already in
    /// <paramref name="block"/>; returns how many bytes are buffered afterwards (always less than a block).
    /// </summary>
    private static int Absorb(ref Sha1.State state, Span<byte> block, int buffered, ReadOnlySpan<byte> part)
    {
        if (buffered > 0)
        {
            int take = Math.Min(Sha1.BlockSize - buffered, part.Length);
            part.Slice(0, take).CopyTo(block.Slice(buffered));
            buffered += take;
            if (buffered < Sha1.BlockSize)
            {
                return buffered;
            }

            Sha1.Compress(ref state, ref MemoryMarshal.GetReference(block), 1);
            part = part.Slice(take);
        }

        int full = part.Length / Sha1.BlockSize;
        if (full > 0)
        {
            Sha1.Compress(ref state, ref MemoryMarshal.GetReference(part), (nuint)full);
        }

        ReadOnlySpan<byte> rest = part.Slice(full * Sha1.BlockSize);
        rest.CopyTo(block);
        return rest.Length;
    }
}
