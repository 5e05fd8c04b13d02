using System.Net;
using System.Net.Sockets;
using Voip.Media.Net;
using Voip.Media.Srtp;

namespace Voip.Media.Client;

// SRTP in both directions and the receive path.
public sealed partial class WebRtcClientPeer
{
    // Each direction has its own context and gate, so a sender thread and the receive thread never wait on each other.
    private readonly Lock _outGate = new();
    private readonly Lock _inGate = new();
    private SrtpContext? _out;
    private SrtpContext? _in;
    private long _rtpReceived;
    private long _rtcpReceived;
    private long _unprotectFailures;
    private long _sendErrors;

    /// <summary>Called with each RTP packet that decrypted and authenticated (on the receiving thread).</summary>
    public WebRtcClientPacketHandler? RtpReceived { get; set; }

    /// <summary>Called with each SRTCP compound packet that decrypted and authenticated.</summary>
    public WebRtcClientPacketHandler? RtcpReceived { get; set; }

    /// <summary>Decrypted and authenticated RTP packets.</summary>
    public long RtpPacketsReceived => Interlocked.Read(ref _rtpReceived);

    public long RtcpPacketsReceived => Interlocked.Read(ref _rtcpReceived);

    /// <summary>SRTP/SRTCP packets that failed to authenticate, replayed, or arrived before DTLS finished.</summary>
    public long UnprotectFailures => Interlocked.Read(ref _unprotectFailures);

    /// <summary>Sends the socket refused (full buffer, ICMP errors).</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>
    /// Protects a plain RTP packet into <paramref name="destination"/> (which needs room for the SRTP
    /// overhead) without sending it: for owners that batch sends (sendmmsg). Throws before <see cref="Connected"/> completed.
    /// </summary>
    public SrtpResult ProtectRtp(ReadOnlySpan<byte> plainPacket, Span<byte> destination, out int written)
    {
        lock (_outGate)
        {
            return (_out ?? throw NotConnected()).ProtectRtp(plainPacket, destination, out written);
        }
    }

    /// <summary>Protects an RTCP packet in place (<paramref name="buffer"/> needs room for the SRTCP trailer and tag).</summary>
    public SrtpResult ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        lock (_outGate)
        {
            return (_out ?? throw NotConnected()).ProtectRtcp(buffer, length, out protectedLength);
        }
    }

    /// <summary>Protects and sends one plain RTP packet.</summary>
    public SrtpResult SendRtp(ReadOnlySpan<byte> plainPacket)
    {
        Span<byte> packet = stackalloc byte[UdpShard.SlotSize];
        var result = ProtectRtp(plainPacket, packet, out int length);
        if (result == SrtpResult.Ok)
        {
            SendRaw(packet[..length]);
        }

        return result;
    }

    /// <summary>
    /// Handles one datagram from the engine: STUN is counted, DTLS goes to the handshake, SRTP/SRTCP is
    /// decrypted in place and handed to <see cref="RtpReceived"/> / <see cref="RtcpReceived"/>. Call it from
    /// one thread at a time (the receive thread, or the owner's I/O thread).
    /// </summary>
    public void HandleDatagram(Span<byte> datagram)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                Interlocked.Increment(ref _stunResponses);
                break;
            case DatagramKind.Dtls:
                _dtls?.Enqueue(datagram);
                break;
            case DatagramKind.Rtp:
                HandleRtp(datagram);
                break;
            case DatagramKind.Rtcp:
                HandleRtcp(datagram);
                break;
        }
    }

    private static InvalidOperationException NotConnected() => new("DTLS has not completed: await Connected before sending media.");

    private void HandleRtp(Span<byte> datagram)
    {
        SrtpResult result;
        int plain;
        lock (_inGate)
        {
            if (_in is null)
            {
                Interlocked.Increment(ref _unprotectFailures);
                return;
            }

            result = _in.UnprotectRtp(datagram, datagram.Length, out plain);
        }

        if (result != SrtpResult.Ok)
        {
            Interlocked.Increment(ref _unprotectFailures);
            return;
        }

        Interlocked.Increment(ref _rtpReceived);
        RtpReceived?.Invoke(this, datagram[..plain]);
    }

    private void HandleRtcp(Span<byte> datagram)
    {
        SrtpResult result;
        int plain;
        lock (_inGate)
        {
            if (_in is null)
            {
                Interlocked.Increment(ref _unprotectFailures);
                return;
            }

            result = _in.UnprotectRtcp(datagram, datagram.Length, out plain);
        }

        if (result != SrtpResult.Ok)
        {
            Interlocked.Increment(ref _unprotectFailures);
            return;
        }

        Interlocked.Increment(ref _rtcpReceived);
        RtcpReceived?.Invoke(this, datagram[..plain]);
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[UdpShard.SlotSize];
        EndPoint from = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                continue; // an ICMP port-unreachable from an earlier send: not fatal for UDP
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            HandleDatagram(buffer.AsSpan(0, n));
        }
    }
}
