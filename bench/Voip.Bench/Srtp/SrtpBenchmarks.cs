using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Voip.Bench.Srtp.LibSrtp;
using Voip.Media.Srtp;

namespace Voip.Bench.Srtp;

/// <summary>
/// SRTP protect / unprotect of one RTP packet, ours against libsrtp2 (the baseline) on identical packets.
/// Both sides do the same per-operation copy of the packet into a working buffer. Protect advances the
/// sequence number each call (a sender never protects an index twice). Unprotect walks a ring of
/// pre-protected packets with increasing sequence numbers and, when the ring wraps, drops the SSRC's state
/// on both sides (<see cref="SrtpContext.RemoveSsrc"/> / <c>srtp_remove_stream</c>) so the replay check
/// never short-circuits the work.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class SrtpBenchmarks
{
    private const uint Ssrc = 0x1234ABCD;
    private const int RingSize = 256;

    private SrtpContext _ourSender = null!;
    private SrtpContext _ourReceiver = null!;
    private LibSrtpSession _libSender = null!;
    private LibSrtpSession _libReceiver = null!;
    private byte[] _plain = null!;
    private byte[] _buffer = null!;
    private byte[][] _ring = null!;
    private int[] _ringLengths = null!;
    private ushort _ourSeq;
    private ushort _libSeq;
    private int _ourRingPos;
    private int _libRingPos;

    [Params(SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm)]
    public SrtpProfile Profile { get; set; }

    /// <summary>Plain RTP packet size in bytes (12-byte header + payload).</summary>
    [Params(200, 1200)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (!LibSrtpSession.IsAvailable)
        {
            throw new InvalidOperationException(LibSrtpSession.InstallHint);
        }

        var rng = new Random(1);
        var key = new byte[SrtpContext.GetMasterKeyLength(Profile)];
        var salt = new byte[SrtpContext.GetMasterSaltLength(Profile)];
        rng.NextBytes(key);
        rng.NextBytes(salt);
        _ourSender = new SrtpContext(Profile, key, salt);
        _ourReceiver = new SrtpContext(Profile, key, salt);
        _libSender = new LibSrtpSession(Profile, key, salt, outbound: true);
        _libReceiver = new LibSrtpSession(Profile, key, salt, outbound: false);

        _plain = new byte[Size];
        rng.NextBytes(_plain);
        _plain[0] = 0x80;
        _plain[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(8), Ssrc);
        _buffer = new byte[Size + 64];

        // The ring is protected by a third context so both receivers see the same bytes.
        using var ringSender = new SrtpContext(Profile, key, salt);
        _ring = new byte[RingSize][];
        _ringLengths = new int[RingSize];
        for (int i = 0; i < RingSize; i++)
        {
            _ring[i] = new byte[Size + 64];
            _plain.CopyTo(_ring[i], 0);
            BinaryPrimitives.WriteUInt16BigEndian(_ring[i].AsSpan(2), (ushort)(i + 1));
            ringSender.ProtectRtp(_ring[i], Size, out _ringLengths[i]);
        }

        // Guard against measuring refusals: two full laps must all unprotect on both sides.
        for (int n = 0; n < 2 * RingSize; n++)
        {
            int ours = Unprotect_Ours();
            int theirs = Unprotect_LibSrtp();
            if (ours != Size || theirs != Size)
            {
                throw new InvalidOperationException($"Unprotect failed in setup: ours {ours}, libsrtp {theirs}.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ourSender.Dispose();
        _ourReceiver.Dispose();
        _libSender.Dispose();
        _libReceiver.Dispose();
    }

    [BenchmarkCategory("Protect")]
    [Benchmark(Baseline = true)]
    public int Protect_LibSrtp()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_plain.AsSpan(2), ++_libSeq);
        _plain.CopyTo(_buffer, 0);
        int length = Size;
        _libSender.ProtectRtp(_buffer, ref length);
        return length;
    }

    [BenchmarkCategory("Protect")]
    [Benchmark]
    public int Protect_Ours()
    {
        BinaryPrimitives.WriteUInt16BigEndian(_plain.AsSpan(2), ++_ourSeq);
        _plain.CopyTo(_buffer, 0);
        _ourSender.ProtectRtp(_buffer, Size, out int length);
        return length;
    }

    [BenchmarkCategory("Unprotect")]
    [Benchmark(Baseline = true)]
    public int Unprotect_LibSrtp()
    {
        int i = _libRingPos;
        _libRingPos = (i + 1) % RingSize;
        if (i == 0)
        {
            _libReceiver.RemoveStream(Ssrc);
        }

        int length = _ringLengths[i];
        _ring[i].AsSpan(0, length).CopyTo(_buffer);
        int status = _libReceiver.UnprotectRtp(_buffer, ref length);
        return status == 0 ? length : -status;
    }

    [BenchmarkCategory("Unprotect")]
    [Benchmark]
    public int Unprotect_Ours()
    {
        int i = _ourRingPos;
        _ourRingPos = (i + 1) % RingSize;
        if (i == 0)
        {
            _ourReceiver.RemoveSsrc(Ssrc);
        }

        int length = _ringLengths[i];
        _ring[i].AsSpan(0, length).CopyTo(_buffer);
        SrtpResult result = _ourReceiver.UnprotectRtp(_buffer, length, out int plainLength);
        return result == SrtpResult.Ok ? plainLength : -(int)result;
    }
}
