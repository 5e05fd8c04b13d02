using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Voip.Media.Engine;
using Voip.Media.Net;
using Voip.Media.Routing;
using Voip.Media.Rtp;
using Voip.Media.Srtp;
using Voip.Media.Stun;
using Voip.Media.Transport;

namespace Voip.Bench.Forwarding;

/// <summary>
/// A room on an in-memory engine for the forwarding benchmark: one VP8 publisher (abs-send-time and
/// transport-cc extensions, NACK, so the retransmission buffer and loss tracking run) and N subscribers with
/// other payload types and extension ids. Each transport is nominated by a real ICE check through the
/// shard and keyed without DTLS. The sink only counts: what the engine sends is not decrypted here.
/// The calling thread is the shard thread; the synthetic clock advances 1 ms per packet (a tick every 10).
/// </summary>
internal sealed class ForwardingRoom : IDatagramSink, IDisposable
{
    public const int HeaderLength = 12 + 4 + 8;
    private const byte PayloadType = 96;
    private const uint Ssrc = 0x1111_1111;
    private const int BasePort = 20000;

    private readonly SrtpContext _publisherOut;
    private readonly byte[] _plain;
    private readonly byte[] _wire = new byte[UdpShard.SlotSize];
    private readonly UdpEndpoint _publisher;
    private ushort _sequence = 1000;
    private ushort _transportSequence;
    private uint _timestamp = 90_000;
    private long _nowMs = Environment.TickCount64;

    public ForwardingRoom(int subscribers, int packetLength, SrtpProfile profile)
    {
        // The run is longer than a consent period of synthetic time and the benchmark sends no consent
        // checks, so consent may not expire here (RFC 7675 is not what is being measured).
        var options = new MediaEngineOptions { Shards = 1, RtcPortBase = 0, SrtpProfiles = [profile], ConsentTimeout = TimeSpan.FromDays(365) };
        Engine = new MediaEngine(options, NullLoggerFactory.Instance, this);
        Shard = Engine.Shards[0].Udp;
        _plain = new byte[packetLength];
        var router = Complete(Engine.CreateRouterAsync("room"));

        var (publisherTransport, publisherKeys) = Connect(router, 0, profile);
        _publisher = publisherTransport.Remote;
        _publisherOut = new SrtpContext(profile, publisherKeys.RemoteMasterKey, publisherKeys.RemoteMasterSalt);
        var producer = Complete(Engine.ProduceAsync(publisherTransport, "video", MediaKind.Video, PublisherParameters(), paused: false));
        for (int i = 1; i <= subscribers; i++)
        {
            var (transport, _) = Connect(router, i, profile);
            Complete(Engine.ConsumeAsync(transport, producer, $"consumer-{i}", SubscriberCapabilities(), paused: false, preferredLayer: -1));
        }

        // A key frame first: a video consumer forwards nothing before one.
        Forward(1, keyFrameFirst: true);
        if (Sent < subscribers)
        {
            throw new InvalidOperationException($"the room forwarded {Sent} packets for {subscribers} subscribers");
        }
    }

    public MediaEngine Engine { get; }

    public UdpShard Shard { get; }

    /// <summary>Datagrams the engine handed to the sink (media, RTCP, STUN).</summary>
    public long Sent { get; private set; }

    /// <summary>Publisher packets delivered to the engine.</summary>
    public long Delivered { get; private set; }

    /// <summary>
    /// The publisher sends <paramref name="packets"/> media packets (each protected here, as a browser would,
    /// then received, routed, rewritten and protected per subscriber by the engine), in receive batches of 8.
    /// </summary>
    public void Forward(int packets, bool keyFrameFirst = false)
    {
        for (int i = 0; i < packets; i++)
        {
            _nowMs++;
            ushort sequence = _sequence++;
            if (sequence % 3 == 0)
            {
                _timestamp += 3000;
            }

            WriteHeader(sequence, keyFrameFirst && i == 0);
            _publisherOut.ProtectRtp(_plain, _wire, out int written);
            Shard.ReceiveInMemory(_wire.AsSpan(0, written), _publisher, _nowMs);
            Delivered++;
            if ((i & 7) == 7)
            {
                Shard.EndInMemoryBatch(_nowMs);
            }
        }

        Shard.EndInMemoryBatch(_nowMs);
    }

    void IDatagramSink.OnSend(ReadOnlySpan<byte> datagram, in UdpEndpoint to) => Sent++;

    private void WriteHeader(ushort sequence, bool keyFrame)
    {
        Span<byte> p = _plain;
        p[0] = 0x90;
        p[1] = PayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(p[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(p[4..], _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(p[8..], Ssrc);
        p[12] = 0xBE;
        p[13] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(p[14..], 2);
        p[16] = (3 << 4) | 2;
        AbsSendTimeExtension.TryWrite(p.Slice(17, 3), AbsSendTimeExtension.FromMicroseconds(_nowMs * 1000));
        p[20] = (5 << 4) | 1;
        TransportSequenceNumberExtension.TryWrite(p.Slice(21, 2), _transportSequence++);
        p[23] = 0;
        p[HeaderLength] = 0x10; // VP8 descriptor: S=1, PID=0 (RFC 7741 §4.2)
        p[HeaderLength + 1] = keyFrame ? (byte)0 : (byte)1; // inverse key-frame bit (§4.3)
    }

    private (WebRtcTransport Transport, SrtpKeyingMaterial Keys) Connect(Router router, int index, SrtpProfile profile)
    {
        var transport = Complete(Engine.CreateTransportAsync($"transport-{index}", [profile], router));
        var endpoint = UdpEndpoint.FromIPv4([10, 0, (byte)(index >> 8), (byte)index], BasePort + index);

        // An ICE check with USE-CANDIDATE (RFC 8445 §7.1.1) nominates the pair, as from a browser.
        Span<byte> transactionId = stackalloc byte[12];
        RandomNumberGenerator.Fill(transactionId);
        using var key = StunIntegrityKey.FromPassword(transport.LocalIce.Password);
        var writer = new StunWriter(_wire, StunMessageType.BindingRequest, transactionId);
        writer.TryAddUsername(Encoding.ASCII.GetBytes($"{transport.LocalIce.Ufrag}:peer{index}"));
        writer.TryAddPriority(0x6E7F1EFF);
        writer.TryAddIceControlling(1);
        writer.TryAddUseCandidate();
        writer.TryAddMessageIntegrity(key);
        writer.TryAddFingerprint();
        Shard.ReceiveInMemory(_wire.AsSpan(0, writer.Length), endpoint, _nowMs);
        Shard.EndInMemoryBatch(_nowMs);
        if (transport.Remote != endpoint)
        {
            throw new InvalidOperationException($"transport {index}: the ICE check did not nominate {endpoint}");
        }

        var keys = new SrtpKeyingMaterial(
            profile,
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterKeyLength(profile)),
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterSaltLength(profile)),
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterKeyLength(profile)),
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterSaltLength(profile)));
        transport.InstallKeysWithoutDtls(keys);
        return (transport, keys);
    }

    private T Complete<T>(Task<T> call)
    {
        Shard.RunInMemoryTurn(_nowMs);
        return call.GetAwaiter().GetResult();
    }

    private static RtpParameters PublisherParameters() => new(
        Mid: "0",
        Codecs: [new RtpCodec("video/VP8", PayloadType, 90000, 0, [], [new("nack"), new("nack", "pli"), new("ccm", "fir"), new("transport-cc")])],
        HeaderExtensions: [new(RtpExtensionUri.AbsSendTime, 3), new(RtpExtensionUri.TransportWideCc, 5)],
        Encodings: [new RtpEncoding(Ssrc, null, 0)],
        Cname: "publisher");

    private static RtpCapabilities SubscriberCapabilities() => new(
        [new RtpCodec("video/VP8", 100, 90000, 0, [], [new("nack"), new("nack", "pli"), new("ccm", "fir"), new("goog-remb")])],
        [new(RtpExtensionUri.AbsSendTime, 2)]);

    public void Dispose()
    {
        Engine.Dispose();
        _publisherOut.Dispose();
    }
}
