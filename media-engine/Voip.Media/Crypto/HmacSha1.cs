using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Voip.Media.Crypto;

/// <summary>
/// HMAC-SHA1 for per-packet authentication of messages of any size: the managed pre-keyed
/// <see cref="HmacSha1Key"/> for short messages, a pre-keyed <see cref="IncrementalHash"/> from
/// <see cref="PlatformThreshold"/> bytes. Measured (bench/results/HmacSha1Benchmarks.md): the managed SHA-1
/// ties OpenSSL on small packets, where OpenSSL's per-call overhead dominates, but OpenSSL's SHA-NI code wins
/// by ~2.5-4× on 1200 bytes (.NET exposes no SHA intrinsics). The <see cref="IncrementalHash"/> is reused
/// (allocation-free once created) and therefore stateful: one instance belongs to one thread at a time, as an
/// SRTP context does. Code that shares a key across threads and hashes only short messages (STUN) uses
/// <see cref="HmacSha1Key"/> directly.
/// </summary>
[SkipLocalsInit]
internal sealed class HmacSha1 : IDisposable
{
    /// <summary>Message length from which the platform HMAC is used.</summary>
    public const int PlatformThreshold = 320;

    private HmacSha1Key _key;
    private readonly IncrementalHash _platform;

    public HmacSha1(ReadOnlySpan<byte> key)
    {
        _key = new HmacSha1Key(key);
        _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    /// <summary>Writes the 20-byte MAC of <paramref name="data"/>.</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => Compute(data, default, mac);

    /// <summary>Writes the 20-byte MAC of <c>part1 || part2</c> (e.g. an SRTP packet and its ROC).</summary>
    public void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac)
    {
        if (part1.Length + part2.Length >= PlatformThreshold)
        {
            ComputePlatform(part1, part2, mac);
            return;
        }

        _key.Compute(part1, part2, mac);
    }

    internal void ComputeManaged(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac) =>
        _key.Compute(part1, part2, mac);

    internal void ComputePlatform(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac)
    {
        _platform.AppendData(part1);
        if (!part2.IsEmpty)
        {
            _platform.AppendData(part2);
        }

        _platform.TryGetHashAndReset(mac, out _);
    }

    public void Dispose()
    {
        _platform.Dispose();
        _key.Clear();
    }
}
