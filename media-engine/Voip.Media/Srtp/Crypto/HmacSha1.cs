using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Voip.Media.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) keyed once: the states after hashing <c>key ⊕ ipad</c> and <c>key ⊕ opad</c>
/// are kept, so each packet costs its own blocks plus one outer block. The message is
/// <c>data || suffix</c>, where the optional 4-byte suffix is SRTP's ROC (RFC 3711 §4.2), so the packet
/// never has to be copied to append it.
/// Measured (bench/results/HmacSha1Benchmarks.md): the managed SHA-1 ties OpenSSL for small packets,
/// where OpenSSL's per-call overhead dominates, but OpenSSL's SHA-NI code wins by ~4× on 1200 bytes
/// (.NET exposes no SHA intrinsics). So messages from <see cref="PlatformThreshold"/> bytes go to a
/// pre-keyed <see cref="IncrementalHash"/>, which is allocation-free once created.
/// </summary>
[SkipLocalsInit]
internal sealed class HmacSha1 : IDisposable
{
    /// <summary>Message length from which the platform HMAC is used.</summary>
    public const int PlatformThreshold = 320;

    private Sha1.State _inner;
    private Sha1.State _outer;
    private readonly IncrementalHash _platform;

    public HmacSha1(ReadOnlySpan<byte> key)
    {
        _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        Span<byte> k = stackalloc byte[Sha1.BlockSize];
        k.Clear();
        if (key.Length > Sha1.BlockSize)
        {
            SHA1.HashData(key, k);
        }
        else
        {
            key.CopyTo(k);
        }

        Span<byte> pad = stackalloc byte[Sha1.BlockSize];
        for (int i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(k[i] ^ 0x36);
        }

        _inner = Sha1.State.Initial;
        Sha1.Compress(ref _inner, ref MemoryMarshal.GetReference(pad), 1);
        for (int i = 0; i < pad.Length; i++)
        {
            pad[i] = (byte)(k[i] ^ 0x5C);
        }

        _outer = Sha1.State.Initial;
        Sha1.Compress(ref _outer, ref MemoryMarshal.GetReference(pad), 1);
        CryptographicOperations.ZeroMemory(k);
        CryptographicOperations.ZeroMemory(pad);
    }

    /// <summary>Writes the 20-byte MAC of <c>data || suffix</c> (suffix as 4 big-endian bytes when <paramref name="hasSuffix"/>).</summary>
    public void Compute(ReadOnlySpan<byte> data, uint suffix, bool hasSuffix, Span<byte> mac)
    {
        if (data.Length >= PlatformThreshold)
        {
            ComputePlatform(data, suffix, hasSuffix, mac);
            return;
        }

        ComputeManaged(data, suffix, hasSuffix, mac);
    }

    internal void ComputePlatform(ReadOnlySpan<byte> data, uint suffix, bool hasSuffix, Span<byte> mac)
    {
        _platform.AppendData(data);
        if (hasSuffix)
        {
            Span<byte> s = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(s, suffix);
            _platform.AppendData(s);
        }

        _platform.TryGetHashAndReset(mac, out _);
    }

    internal void ComputeManaged(ReadOnlySpan<byte> data, uint suffix, bool hasSuffix, Span<byte> mac)
    {
        Sha1.State state = _inner;
        ref byte d = ref MemoryMarshal.GetReference(data);
        nuint full = (nuint)(data.Length / Sha1.BlockSize);
        if (full > 0)
        {
            Sha1.Compress(ref state, ref d, full);
        }

        int rest = data.Length - (int)(full * Sha1.BlockSize);
        int messageLength = data.Length + (hasSuffix ? 4 : 0);

        // Tail: remaining bytes, the suffix, 0x80, zeros and the 64-bit bit length (of ipad block + message).
        Span<byte> tail = stackalloc byte[2 * Sha1.BlockSize];
        data.Slice((int)(full * Sha1.BlockSize)).CopyTo(tail);
        int pos = rest;
        if (hasSuffix)
        {
            BinaryPrimitives.WriteUInt32BigEndian(tail.Slice(pos), suffix);
            pos += 4;
        }

        tail[pos++] = 0x80;
        int tailLength = pos + 8 <= Sha1.BlockSize ? Sha1.BlockSize : 2 * Sha1.BlockSize;
        tail.Slice(pos, tailLength - 8 - pos).Clear();
        BinaryPrimitives.WriteUInt64BigEndian(tail.Slice(tailLength - 8), (ulong)(Sha1.BlockSize + messageLength) * 8);
        Sha1.Compress(ref state, ref MemoryMarshal.GetReference(tail), (nuint)(tailLength / Sha1.BlockSize));

        // Outer hash: one block holding the inner digest.
        Span<byte> outerBlock = tail.Slice(0, Sha1.BlockSize);
        Sha1.WriteDigest(state, outerBlock);
        outerBlock[Sha1.DigestSize] = 0x80;
        outerBlock.Slice(Sha1.DigestSize + 1, Sha1.BlockSize - Sha1.DigestSize - 1 - 8).Clear();
        BinaryPrimitives.WriteUInt64BigEndian(outerBlock.Slice(Sha1.BlockSize - 8), (ulong)(Sha1.BlockSize + Sha1.DigestSize) * 8);
        Sha1.State outer = _outer;
        Sha1.Compress(ref outer, ref MemoryMarshal.GetReference(outerBlock), 1);
        Sha1.WriteDigest(outer, mac);
    }

    public void Dispose()
    {
        _platform.Dispose();
        _inner = default;
        _outer = default;
    }
}
