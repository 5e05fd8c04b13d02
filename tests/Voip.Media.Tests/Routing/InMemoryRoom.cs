using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Voip.Media.Engine;
using Voip.Media.Net;
using Voip.Media.Routing;
using Voip.Media.Rtcp;
using Voip.Media.Rtp;
using Voip.Media.Srtp;
using Voip.Media.Transport;

namespace Voip.Media.Tests.Routing;

/// <summary>
/// A room on an in-memory engine (one shard, no socket, no thread — this thread is the shard thread): one
/// VP8 publisher with RTX, NACK and transport-cc, and N subscribers, each a real transport that passed real
/// ICE checks (STUN through the shard) and got SRTP keys without DTLS. <see cref="Run"/> plays a publisher's
/// stream through it — video packets, a loss repaired by RTX, Sender Reports, and the subscribers' Receiver
/// Reports and NACKs — and every datagram the engine sends comes back to an <see cref="InMemoryPeer"/>
/// that decrypts and checks it.
/// </summary>
/// <remarks>
/// Every media packet is <see cref="PacketLength"/> bytes (1200 by default) of plain RTP: a 12-byte header, a one-byte-form
/// extension block (abs-send-time, transport-cc), a VP8 payload descriptor, then the publisher's
/// sequence number and a pattern derived from it (every 29th byte), so a subscriber can tell its packet is the right one.
/// The synthetic clock advances 1 ms per packet (the shard ticks every 10 ms of it).
/// </remarks>
internal sealed class InMemoryRoom : IDatagramSink, IDisposable
{
    public const int HeaderLength = 12 + 4 + 8;

    /// <summary>Every this many packets: one publisher packet is lost, and its RTX arrives <see cref="RtxDelay"/> later.</summary>
    public const int LossInterval = 1000;
    public const int RtxDelay = 20;
    public const int KeyFrameInterval = 3000;
    public const int NackInterval = 250;
    public const int ReportInterval = 1000;
    public const int ConsentInterval = 5000;
    public const int PacketsPerBatch = 8;

    private const byte PublisherPayloadType = 96;
    private const byte PublisherRtxPayloadType = 97;
    private const byte AbsSendTimeId = 3;
    private const byte TransportCcId = 5;
    private const uint VideoSsrc = 0x1111_1111;
    private const uint RtxSsrc = 0x2222_2222;
    private const int BasePort = 20000;

    // The payload bytes that carry the pattern (the rest keep whatever the buffer held): enough to catch a
    // packet delivered with another's payload or a shifted one, cheap enough for a million packets.
    private const int PatternStride = 29;

    private readonly byte[] _plain = new byte[UdpShard.SlotSize];
    private readonly byte[] _wire = new byte[UdpShard.SlotSize];
    private readonly InMemoryPeer?[] _peersByPort;
    private ushort _sequence = 1000;
    private ushort _rtxSequence = 7;
    private ushort _transportSequence;
    private uint _timestamp = 90_000;
    private long _step;
    private byte[]? _allocated;

    /// <param name="packetLength">Plain RTP length of every media packet (header included).</param>
    public InMemoryRoom(int subscribers, SrtpProfile profile = SrtpProfile.AeadAes128Gcm, int packetLength = 1200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packetLength, HeaderLength + 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(packetLength, 1400);
        PacketLength = packetLength;
        var options = new MediaEngineOptions { Shards = 1, RtcPortBase = 0, SrtpProfiles = [profile] };
        Engine = new MediaEngine(options, NullLoggerFactory.Instance, this);
        Shard = Engine.Shards[0].Udp;
        NowMs = Environment.TickCount64;
        _peersByPort = new InMemoryPeer?[subscribers + 1];

        Router = Complete(Engine.CreateRouterAsync("room"));
        Publisher = Connect(0, profile);
        Producer = Complete(Engine.ProduceAsync(Publisher.Transport, "video", MediaKind.Video, PublisherParameters(), paused: false));
        Subscribers = new InMemoryPeer[subscribers];
        for (int i = 0; i < subscribers; i++)
        {
            var peer = Connect(i + 1, profile);
            peer.Consumer = Complete(Engine.ConsumeAsync(peer.Transport, Producer, $"consumer-{i}", SubscriberCapabilities(), paused: false, preferredLayer: -1));
            Subscribers[i] = peer;
        }

        Shard.EndInMemoryBatch(NowMs);
    }

    public MediaEngine Engine { get; }

    public int PacketLength { get; }

    public UdpShard Shard { get; }

    public Router Router { get; }

    public Producer Producer { get; }

    public InMemoryPeer Publisher { get; }

    public InMemoryPeer[] Subscribers { get; }

    /// <summary>The synthetic shard clock (milliseconds).</summary>
    public long NowMs { get; private set; }

    /// <summary>Added to the RTP time in the publisher's Sender Reports: a capture clock ahead of its packets' stamps.</summary>
    public uint SenderReportSkew { get; set; }

    /// <summary>Media packets handed to the engine (new ones and RTX-repaired ones), each to be forwarded once to every subscriber.</summary>
    public long MediaPacketsSent { get; private set; }

    /// <summary>NACKs the subscribers sent, one lost packet each.</summary>
    public long NacksSent { get; private set; }

    /// <summary>
    /// Plays <paramref name="packets"/> steps of the stream (a multiple of <see cref="LossInterval"/>, so every
    /// loss is repaired within the call). Allocation-free.
    /// </summary>
    public void Run(int packets)
    {
        if (packets % LossInterval != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(packets), packets, $"a multiple of {LossInterval}");
        }

        ushort lost = 0;
        for (int i = 0; i < packets; i++, _step++)
        {
            NowMs++;
            int phase = (int)(_step % LossInterval);
            if (phase == LossInterval / 2)
            {
                lost = _sequence++;
            }
            else if (phase == (LossInterval / 2) + RtxDelay)
            {
                SendRtx(lost);
            }

            SendVideo(_step % KeyFrameInterval == 0);

            if (_step % ReportInterval == ReportInterval / 4)
            {
                SendSenderReport();
                foreach (var subscriber in Subscribers)
                {
                    SendReceiverReport(subscriber);
                }
            }

            if (_step % NackInterval == NackInterval / 2 && Subscribers.Length > 0)
            {
                SendNack(Subscribers[(int)(_step / NackInterval % Subscribers.Length)]);
            }

            if (_step % ConsentInterval == ConsentInterval - 1)
            {
                SendBindingRequest(Publisher, nominate: false);
                foreach (var subscriber in Subscribers)
                {
                    SendBindingRequest(subscriber, nominate: false);
                }
            }

            if (i % PacketsPerBatch == PacketsPerBatch - 1)
            {
                Shard.EndInMemoryBatch(NowMs);
            }
        }

        Shard.EndInMemoryBatch(NowMs);
    }

    /// <summary>Whether a forwarded payload is the publisher's, byte for byte where the pattern is checked; gives the publisher's sequence number.</summary>
    public static bool IsPayloadIntact(ReadOnlySpan<byte> payload, int packetLength, out ushort publisherSequence)
    {
        publisherSequence = 0;
        if (payload.Length != packetLength - HeaderLength || payload[0] != 0x10)
        {
            return false;
        }

        publisherSequence = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
        for (int k = 4; k < payload.Length; k += PatternStride)
        {
            if (payload[k] != Pattern(publisherSequence, k))
            {
                return false;
            }
        }

        return true;
    }

    void IDatagramSink.OnSend(ReadOnlySpan<byte> datagram, in UdpEndpoint to)
    {
        DatagramsOut++;
        if (AllocateOnEverySend)
        {
            _allocated = new byte[datagram.Length]; // kept in a field so it cannot live on the stack
        }

        int index = to.Port - BasePort;
        if ((uint)index < (uint)_peersByPort.Length && _peersByPort[index] is { } peer && peer.Endpoint == to)
        {
            peer.OnDatagram(datagram);
        }
        else
        {
            UnknownDestinations++;
        }
    }

    /// <summary>Makes the sink allocate a copy of every datagram: proves the allocation measurement sees the engine's thread.</summary>
    public bool AllocateOnEverySend { get; set; }

    /// <summary>Datagrams the engine sent (everything the sink saw).</summary>
    public long DatagramsOut { get; private set; }

    /// <summary>Datagrams the engine sent to an address no peer has.</summary>
    public long UnknownDestinations { get; private set; }

    private static byte Pattern(ushort sequence, int k) => (byte)((sequence * 31) + k);

    private void SendVideo(bool keyFrame)
    {
        ushort sequence = _sequence++;
        if (sequence % 3 == 0)
        {
            _timestamp += 3000; // three packets per 30 fps frame
        }

        WriteVideo(_plain, sequence, keyFrame);
        Deliver(_plain.AsSpan(0, PacketLength), rtcp: false);
        MediaPacketsSent++;
    }

    /// <summary>RFC 4588 §4: the lost packet again, on the RTX stream, its sequence number leading the payload.</summary>
    private void SendRtx(ushort lost)
    {
        Span<byte> packet = _plain.AsSpan(0, PacketLength + 2);
        WriteVideo(_plain.AsSpan(2), lost, keyFrame: false);
        _plain.AsSpan(2, HeaderLength).CopyTo(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet[HeaderLength..], lost);
        packet[1] = PublisherRtxPayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], _rtxSequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], RtxSsrc);
        Deliver(packet, rtcp: false);
        MediaPacketsSent++;
    }

    private void WriteVideo(Span<byte> packet, ushort sequence, bool keyFrame)
    {
        packet[0] = 0x90; // V=2, X=1
        packet[1] = PublisherPayloadType;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], VideoSsrc);

        // RFC 8285 §4.2 one-byte form: abs-send-time (3 bytes), transport-cc (2 bytes), one byte of padding.
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(packet[14..], 2);
        packet[16] = (AbsSendTimeId << 4) | (AbsSendTimeExtension.Length - 1);
        AbsSendTimeExtension.TryWrite(packet.Slice(17, 3), AbsSendTimeExtension.FromMicroseconds(NowMs * 1000));
        packet[20] = (TransportCcId << 4) | (TransportSequenceNumberExtension.Length - 1);
        TransportSequenceNumberExtension.TryWrite(packet.Slice(21, 2), _transportSequence++);
        packet[23] = 0;

        // RFC 7741 §4.2/§4.3: S=1, PID=0; then the payload header's inverse key-frame bit.
        var payload = packet[HeaderLength..PacketLength];
        payload[0] = 0x10;
        payload[1] = keyFrame ? (byte)0x00 : (byte)0x01;
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], sequence);
        for (int k = 4; k < payload.Length; k += PatternStride)
        {
            payload[k] = Pattern(sequence, k);
        }
    }

    private void SendSenderReport()
    {
        var sr = new SenderReportWriter
        {
            SenderSsrc = VideoSsrc,
            NtpTimestamp = NtpTimestamp.FromTicks(DateTime.UtcNow.Ticks),
            RtpTimestamp = _timestamp + SenderReportSkew,
            PacketCount = (uint)MediaPacketsSent,
            OctetCount = (uint)(MediaPacketsSent * PacketLength),
        };
        if (sr.TryWrite(_plain, out int length))
        {
            Deliver(_plain.AsSpan(0, length), rtcp: true, Publisher);
        }
    }

    private void SendReceiverReport(InMemoryPeer subscriber)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[1];
        blocks[0] = new ReportBlock(subscriber.Consumer!.Ssrc, 0, 0, subscriber.LastSequence, 12, 0, 0);
        var rr = new ReceiverReportWriter { SenderSsrc = 0x5000_0000u + (uint)subscriber.Index, ReportBlocks = blocks };
        if (rr.TryWrite(_plain, out int length))
        {
            Deliver(_plain.AsSpan(0, length), rtcp: true, subscriber);
        }
    }

    /// <summary>A subscriber reports the packet three before its newest as lost (it was not: the engine resends it anyway).</summary>
    private void SendNack(InMemoryPeer subscriber)
    {
        Span<ushort> lost = stackalloc ushort[1];
        lost[0] = (ushort)(subscriber.LastSequence - 3);
        var nack = new GenericNackWriter { SenderSsrc = 0x5000_0000u + (uint)subscriber.Index, MediaSsrc = subscriber.Consumer!.Ssrc, LostSequenceNumbers = lost };
        if (nack.TryWrite(_plain, out int length))
        {
            Deliver(_plain.AsSpan(0, length), rtcp: true, subscriber);
            NacksSent++;
        }
    }

    private void SendBindingRequest(InMemoryPeer peer, bool nominate)
    {
        int length = peer.WriteBindingRequest(_wire, nominate);
        Shard.ReceiveInMemory(_wire.AsSpan(0, length), peer.Endpoint, NowMs);
    }

    private void Deliver(Span<byte> plain, bool rtcp, InMemoryPeer? from = null)
    {
        from ??= Publisher;
        int written;
        SrtpResult result;
        if (rtcp)
        {
            plain.CopyTo(_wire);
            result = from.Out.ProtectRtcp(_wire, plain.Length, out written);
        }
        else
        {
            result = from.Out.ProtectRtp(plain, _wire, out written);
        }

        if (result != SrtpResult.Ok)
        {
            throw new InvalidOperationException($"the test peer could not protect its packet: {result}");
        }

        Shard.ReceiveInMemory(_wire.AsSpan(0, written), from.Endpoint, NowMs);
    }

    /// <summary>A transport with a nominated ICE pair (a real STUN check through the shard) and SRTP keys.</summary>
    private InMemoryPeer Connect(int index, SrtpProfile profile)
    {
        var transport = Complete(Engine.CreateTransportAsync($"transport-{index}", [profile], Router));
        var keys = new SrtpKeyingMaterial(
            profile,
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterKeyLength(profile)),
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterSaltLength(profile)),
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterKeyLength(profile)),
            RandomNumberGenerator.GetBytes(SrtpContext.GetMasterSaltLength(profile)));
        var endpoint = UdpEndpoint.FromIPv4([10, 0, 0, (byte)(1 + (index % 250))], BasePort + index);
        var peer = new InMemoryPeer(index, endpoint, transport, keys, PacketLength);
        _peersByPort[index] = peer;

        SendBindingRequest(peer, nominate: true);
        Shard.EndInMemoryBatch(NowMs);
        transport.InstallKeysWithoutDtls(keys);
        return peer;
    }

    /// <summary>Runs the shard's queued commands (a control call posts one), then waits for the call to finish.</summary>
    private T Complete<T>(Task<T> call)
    {
        Shard.RunInMemoryTurn(NowMs);
        return call.GetAwaiter().GetResult();
    }

    private static RtpParameters PublisherParameters() => new(
        Mid: "0",
        Codecs:
        [
            new RtpCodec("video/VP8", PublisherPayloadType, 90000, 0, [],
                [new("nack"), new("nack", "pli"), new("ccm", "fir"), new("transport-cc")]),
            new RtpCodec("video/rtx", PublisherRtxPayloadType, 90000, 0, [new("apt", "96")], []),
        ],
        HeaderExtensions: [new(RtpExtensionUri.AbsSendTime, AbsSendTimeId), new(RtpExtensionUri.TransportWideCc, TransportCcId)],
        Encodings: [new RtpEncoding(VideoSsrc, null, RtxSsrc)],
        Cname: "publisher");

    /// <summary>Different payload types and extension ids from the publisher's, so the rewrite has work to do.</summary>
    private static RtpCapabilities SubscriberCapabilities() => new(
        [
            new RtpCodec("video/VP8", 100, 90000, 0, [], [new("nack"), new("nack", "pli"), new("ccm", "fir"), new("goog-remb")]),
            new RtpCodec("video/rtx", 101, 90000, 0, [new("apt", "100")], []),
        ],
        [new(RtpExtensionUri.AbsSendTime, 2)]);

    public void Dispose()
    {
        Engine.Dispose();
        Publisher.Dispose();
        foreach (var subscriber in Subscribers)
        {
            subscriber?.Dispose();
        }
    }
}
