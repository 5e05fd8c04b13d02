using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Voip.Bench.Net;
using Voip.Media.Srtp;

namespace Voip.Bench.Forwarding;

/// <summary>
/// In-memory forwarding through the SFU (no socket): one 1200-byte AEAD_AES_128_GCM VP8 producer to
/// <see cref="Consumers"/> subscribers. One operation = one publisher packet: the publisher's SRTP protect
/// (what a browser does, here on the same thread), the engine's receive (copy into the receive slot,
/// classify, endpoint lookup), SRTP unprotect, producer accounting (reception stats, retransmission buffer,
/// NACK tracking, transport-cc, key-frame check), and per consumer the sequence/timestamp/SSRC/payload-type
/// and extension-id rewrite and the SRTP protect into a send slot, the flush to a counting sink, and the
/// shard ticks (RTCP reports, transport-cc feedback) every 10 packets of a 1 ms-per-packet clock.
/// <c>ns/forwarded</c> divides Mean by the consumers: the cost per packet copy delivered to one subscriber.
/// Baseline: the same cryptography alone with the engine's <see cref="SrtpContext"/> — the publisher's
/// protect, one unprotect, then one protect per consumer into a slot — so the ratio is what routing adds.
/// Thread CPU per forwarded copy (load-independent) is printed at cleanup as <c>// cpu</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ForwardingConfig))]
public class ForwardingBenchmarks
{
    public const int PacketsPerInvoke = 64;
    private const int PacketLength = 1200;
    private const SrtpProfile Profile = SrtpProfile.AeadAes128Gcm;

    private ForwardingRoom? _room;
    private long _roomCpuStart;
    private long _roomDeliveredStart;

    private SrtpContext _cryptoPublisher = null!;
    private SrtpContext _cryptoReceiver = null!;
    private SrtpContext[] _cryptoConsumers = [];
    private byte[] _plain = [];
    private byte[] _wire = [];
    private byte[] _slot = [];
    private ushort _cryptoSequence;
    private long _cryptoCpuStart;
    private long _cryptoPackets;

    [Params(1, 10, 100)]
    public int Consumers { get; set; }

    [GlobalSetup(Target = nameof(Forward))]
    public void SetupRoom()
    {
        _room = new ForwardingRoom(Consumers, PacketLength, Profile);
        _room.Forward(1000); // past the first key frame, ticks and reports
        _roomDeliveredStart = _room.Delivered;
        _roomCpuStart = ThreadCpuClock.NowNanoseconds();
    }

    [GlobalCleanup(Target = nameof(Forward))]
    public void CleanupRoom()
    {
        long cpu = ThreadCpuClock.NowNanoseconds() - _roomCpuStart;
        long packets = _room!.Delivered - _roomDeliveredStart;
        Console.WriteLine($"// cpu Forward consumers={Consumers}: {(double)cpu / packets:F0} ns per publisher packet, "
            + $"{(double)cpu / (packets * Consumers):F1} ns per forwarded copy ({packets:N0} packets, {_room.Sent:N0} datagrams sent, "
            + $"{_room.Shard.HandlerExceptions} handler exceptions)");
        _room.Dispose();
    }

    [GlobalSetup(Target = nameof(CryptoOnly))]
    public void SetupCrypto()
    {
        byte[] key = RandomNumberGenerator.GetBytes(SrtpContext.GetMasterKeyLength(Profile));
        byte[] salt = RandomNumberGenerator.GetBytes(SrtpContext.GetMasterSaltLength(Profile));
        _cryptoPublisher = new SrtpContext(Profile, key, salt);
        _cryptoReceiver = new SrtpContext(Profile, key, salt);
        _cryptoConsumers = new SrtpContext[Consumers];
        for (int i = 0; i < Consumers; i++)
        {
            _cryptoConsumers[i] = new SrtpContext(Profile, RandomNumberGenerator.GetBytes(key.Length), RandomNumberGenerator.GetBytes(salt.Length));
        }

        _plain = new byte[PacketLength];
        _plain[0] = 0x80;
        _plain[1] = 96;
        BinaryPrimitives.WriteUInt32BigEndian(_plain.AsSpan(8), 0x1111_1111);
        _wire = new byte[2048];
        _slot = new byte[2048];
        _cryptoCpuStart = ThreadCpuClock.NowNanoseconds();
    }

    [GlobalCleanup(Target = nameof(CryptoOnly))]
    public void CleanupCrypto()
    {
        long cpu = ThreadCpuClock.NowNanoseconds() - _cryptoCpuStart;
        Console.WriteLine($"// cpu CryptoOnly consumers={Consumers}: {(double)cpu / _cryptoPackets:F0} ns per publisher packet, "
            + $"{(double)cpu / (_cryptoPackets * Consumers):F1} ns per forwarded copy ({_cryptoPackets:N0} packets)");
        _cryptoPublisher.Dispose();
        _cryptoReceiver.Dispose();
        foreach (var context in _cryptoConsumers)
        {
            context.Dispose();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = PacketsPerInvoke)]
    public int CryptoOnly()
    {
        int total = 0;
        for (int p = 0; p < PacketsPerInvoke; p++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_plain.AsSpan(2), ++_cryptoSequence);
            _cryptoPublisher.ProtectRtp(_plain, _wire, out int written);
            _cryptoReceiver.UnprotectRtp(_wire, written, out int plainLength);
            var packet = _wire.AsSpan(0, plainLength);
            foreach (var consumer in _cryptoConsumers)
            {
                consumer.ProtectRtp(packet, _slot, out int sent);
                total += sent;
            }
        }

        _cryptoPackets += PacketsPerInvoke;
        return total;
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public long Forward()
    {
        _room!.Forward(PacketsPerInvoke);
        return _room.Sent;
    }
}
