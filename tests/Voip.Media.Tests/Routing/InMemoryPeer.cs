using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Voip.Media.Net;
using Voip.Media.Rtcp;
using Voip.Media.Routing;
using Voip.Media.Srtp;
using Voip.Media.Stun;
using Voip.Media.Transport;

namespace Voip.Media.Tests.Routing;

/// <summary>
/// The far end of one transport of an <see cref="InMemoryRoom"/>: its address, its SRTP contexts (it
/// protects with what the engine unprotects with, and the other way round), its ICE key, and what it
/// received from the engine — every datagram is decrypted and checked, allocation-free, so the same code
/// runs inside the allocation-measured loop.
/// </summary>
internal sealed class InMemoryPeer : IDisposable
{
    private readonly byte[] _username;
    private readonly StunIntegrityKey _iceKey;
    private readonly byte[] _scratch = new byte[UdpShard.SlotSize];
    private readonly int _packetLength;
    private int _seqOffset = -1;
    private long _rtpDatagrams;

    public InMemoryPeer(int index, UdpEndpoint endpoint, WebRtcTransport transport, SrtpKeyingMaterial engineKeys, int packetLength)
    {
        _packetLength = packetLength;
        Index = index;
        Endpoint = endpoint;
        Transport = transport;

        // The engine protects with its local key, so the peer unprotects with it, and vice versa.
        In = new SrtpContext(engineKeys.Profile, engineKeys.LocalMasterKey, engineKeys.LocalMasterSalt);
        Out = new SrtpContext(engineKeys.Profile, engineKeys.RemoteMasterKey, engineKeys.RemoteMasterSalt);
        _iceKey = StunIntegrityKey.FromPassword(transport.LocalIce.Password);
        _username = Encoding.ASCII.GetBytes($"{transport.LocalIce.Ufrag}:peer{index}");
    }

    public int Index { get; }

    public UdpEndpoint Endpoint { get; }

    public WebRtcTransport Transport { get; }

    /// <summary>The peer's receive side: unprotects what the engine sends it.</summary>
    public SrtpContext In { get; }

    /// <summary>The peer's send side: protects what it sends the engine.</summary>
    public SrtpContext Out { get; }

    /// <summary>For a subscriber: the consumer whose packets it receives.</summary>
    public Consumer? Consumer { get; set; }

    public long RtpReceived { get; private set; }

    public long RtxReceived { get; private set; }

    public long RtcpReceived { get; private set; }

    public long StunReceived { get; private set; }

    /// <summary>Datagrams that failed to decrypt or did not look like what the consumer promised.</summary>
    public long Failures { get; private set; }

    /// <summary>The first failure, for the assertion message (set once, outside the steady state).</summary>
    public string? FirstFailure { get; private set; }

    /// <summary>Decrypt and check the payload of one RTP packet in this many (the header of every one is checked).</summary>
    public int VerifyEvery { get; set; } = 1;

    /// <summary>RTP packets whose payload was decrypted and checked.</summary>
    public long RtpVerified { get; private set; }

    /// <summary>Output sequence number of the newest media packet received (for NACKs).</summary>
    public ushort LastSequence { get; private set; }

    /// <summary>The RTP timestamp of the last media packet received (output timeline).</summary>
    public uint LastTimestamp { get; private set; }

    /// <summary>The engine's last Sender Report for this peer's consumer: its RTP timestamp, and the last media timestamp received before it.</summary>
    public (uint Rtp, uint LastMediaTimestamp)? LastSenderReport { get; private set; }

    /// <summary>Writes an ICE connectivity check (RFC 8445 §7.1.1) into <paramref name="destination"/>; returns its length.</summary>
    public int WriteBindingRequest(Span<byte> destination, bool nominate)
    {
        Span<byte> transactionId = stackalloc byte[12];
        RandomNumberGenerator.Fill(transactionId);
        var writer = new StunWriter(destination, StunMessageType.BindingRequest, transactionId);
        writer.TryAddUsername(_username);
        writer.TryAddPriority(0x6E7F1EFF);
        writer.TryAddIceControlling(0x0102030405060708);
        if (nominate)
        {
            writer.TryAddUseCandidate();
        }

        writer.TryAddMessageIntegrity(_iceKey);
        writer.TryAddFingerprint();
        return writer.Length;
    }

    /// <summary>A datagram the engine sent to this peer.</summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                StunReceived++;
                break;
            case DatagramKind.Rtp:
                if (++_rtpDatagrams % VerifyEvery != 0)
                {
                    // SRTP leaves the header in the clear (RFC 3711 §3.1): SSRC, payload type and numbering
                    // can be checked without the key.
                    CheckMedia(datagram, decrypted: false);
                    break;
                }

                datagram.CopyTo(_scratch);
                if (In.UnprotectRtp(_scratch, datagram.Length, out int length) != SrtpResult.Ok)
                {
                    Fail("an RTP packet did not decrypt");
                    return;
                }

                CheckMedia(_scratch.AsSpan(0, length), decrypted: true);
                break;
            case DatagramKind.Rtcp:
                datagram.CopyTo(_scratch);
                if (In.UnprotectRtcp(_scratch, datagram.Length, out int rtcpLength) != SrtpResult.Ok)
                {
                    Fail("an RTCP packet did not decrypt");
                    return;
                }

                RtcpReceived++;
                ReadSenderReports(_scratch.AsSpan(0, rtcpLength));
                break;
            default:
                Fail("a datagram of unknown kind");
                break;
        }
    }

    private void ReadSenderReports(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryRead(out var packet))
        {
            if (packet.PacketType == RtcpPacketType.SenderReport && SenderReport.TryParse(packet, out var sr) == RtcpParseResult.Ok
                && Consumer is { } consumer && sr.SenderSsrc == consumer.Ssrc)
            {
                LastSenderReport = (sr.RtpTimestamp, LastTimestamp);
            }
        }
    }

    /// <summary>
    /// A packet for a subscriber: the consumer's SSRC and payload type (or its RTX ones). When decrypted, also
    /// the payload as the publisher wrote it (it carries the publisher's sequence number, see
    /// <see cref="InMemoryRoom"/>) and one constant distance between that and the output sequence number
    /// (continuous renumbering).
    /// </summary>
    private void CheckMedia(ReadOnlySpan<byte> packet, bool decrypted)
    {
        if (Consumer is not { } consumer)
        {
            Fail("media for a peer without a consumer");
            return;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        int payloadType = packet[1] & 0x7F;
        int headerLength = InMemoryRoom.HeaderLength;
        if (ssrc == consumer.RtxSsrc && payloadType == consumer.RtxPayloadType)
        {
            RtxReceived++;
            if (decrypted)
            {
                // RFC 4588 §4: the original (output) sequence number, then the original payload.
                ushort original = BinaryPrimitives.ReadUInt16BigEndian(packet[headerLength..]);
                if (!InMemoryRoom.IsPayloadIntact(packet[(headerLength + 2)..], _packetLength, out ushort inputSeq) || (_seqOffset >= 0 && (ushort)(original - inputSeq) != _seqOffset))
                {
                    Fail($"an RTX packet for {original} carries the wrong payload");
                    return;
                }

                RtpVerified++;
            }

            return;
        }

        if (ssrc != consumer.Ssrc || payloadType != consumer.PayloadType)
        {
            Fail($"ssrc {ssrc} / pt {payloadType}, expected {consumer.Ssrc} / {consumer.PayloadType}");
            return;
        }

        if (decrypted)
        {
            if (!InMemoryRoom.IsPayloadIntact(packet[headerLength..], _packetLength, out ushort publisherSeq))
            {
                Fail($"packet {seq}: payload differs from what the publisher sent");
                return;
            }

            int offset = (ushort)(seq - publisherSeq);
            if (_seqOffset < 0)
            {
                _seqOffset = offset;
            }
            else if (offset != _seqOffset)
            {
                Fail($"packet {seq} (publisher {publisherSeq}): sequence offset {offset}, was {_seqOffset}");
                return;
            }

            RtpVerified++;
        }

        RtpReceived++;
        if ((short)(seq - LastSequence) > 0 || RtpReceived == 1)
        {
            LastSequence = seq;
            LastTimestamp = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        }
    }

    private void Fail(string what)
    {
        Failures++;
        FirstFailure ??= what;
    }

    public void Dispose()
    {
        In.Dispose();
        Out.Dispose();
        _iceKey.Dispose();
    }
}
