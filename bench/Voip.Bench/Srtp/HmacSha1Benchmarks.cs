using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Voip.Media.Crypto;

namespace Voip.Bench.Srtp;

/// <summary>
/// The SRTP authentication tag (HMAC-SHA1 over packet || ROC): the engine's managed SHA-1
/// (<see cref="HmacSha1Key"/>, precomputed ipad/opad states, packet and ROC hashed as two spans) against a pre-keyed <see cref="IncrementalHash"/> (OpenSSL on Linux) as baseline.
/// Decides which one <c>SrtpContext</c> uses for which packet size.
/// </summary>
[MemoryDiagnoser]
public class HmacSha1Benchmarks
{
    private byte[] _data = null!;
    private byte[] _mac = null!;
    private HmacSha1 _ours = null!;
    private IncrementalHash _platform = null!;

    [Params(200, 1200)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[20];
        Random.Shared.NextBytes(key);
        _data = new byte[Size];
        Random.Shared.NextBytes(_data);
        _mac = new byte[20];
        _ours = new HmacSha1(key);
        _platform = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _platform.Dispose();
        _ours.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int IncrementalHashHmac()
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, 1);
        _platform.AppendData(_data);
        _platform.AppendData(roc);
        return _platform.GetHashAndReset(_mac);
    }

    [Benchmark]
    public int ManagedHmac()
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, 1);
        _ours.ComputeManaged(_data, roc, _mac);
        return _mac[0];
    }
}
