using System.Buffers.Binary;
using Voip.Media.Srtp;

namespace Voip.Media.Transport;

public sealed partial class WebRtcTransport
{
    private const int RtpFixedHeader = 12;
    private const byte RtcpRtpFeedback = 205;       // RFC 4585 RTPFB (NACK, TWCC)
    private const byte RtcpPayloadFeedback = 206;   // RFC 4585 PSFB (PLI, FIR, REMB)
    private const int PsfbFir = 4;                  // RFC 5104 §4.3.1

    /// <summary>Shard thread: SRTP from the peer. Decrypted in place, then echoed when asked to.</summary>
    internal void OnRtp(Span<byte> datagram, long nowMs)
    {
        var srtpIn = _srtpIn;
        if (srtpIn is null)
        {
            Counters.MediaBeforeKeys++;
            return;
        }

        var result = srtpIn.UnprotectRtp(datagram, datagram.Length, out int length);
        if (result != SrtpResult.Ok)
        {
            Counters.SrtpUnprotectFailures++;
            return;
        }

        Counters.RtpPacketsReceived++;
        Counters.RtpBytesReceived += length;
        if (_echo.Length != 0)
        {
            EchoRtp(datagram[..length]);
        }
        else if (length >= RtpFixedHeader)
        {
            RouteRtp(datagram[..length], nowMs);
        }
    }

    /// <summary>Shard thread: SRTCP from the peer.</summary>
    internal void OnRtcp(Span<byte> datagram, long nowMs)
    {
        var srtpIn = _srtpIn;
        if (srtpIn is null)
        {
            Counters.MediaBeforeKeys++;
            return;
        }

        var result = srtpIn.UnprotectRtcp(datagram, datagram.Length, out int length);
        if (result != SrtpResult.Ok)
        {
            Counters.SrtpUnprotectFailures++;
            return;
        }

        Counters.RtcpPacketsReceived++;
        if (_echo.Length != 0)
        {
            EchoRtcpFeedback(datagram[..length]);
        }
        else
        {
            RouteRtcp(datagram[..length], nowMs);
        }
    }

    private void EchoRtp(Span<byte> packet)
    {
        var srtpOut = _srtpOut;
        if (srtpOut is null || packet.Length < RtpFixedHeader || _remote is not { } remote)
        {
            Counters.MalformedMedia++;
            return;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        uint output = 0;
        foreach (var stream in _echo)
        {
            if (stream.InputSsrc == ssrc)
            {
                output = stream.OutputSsrc;
                break;
            }
        }

        if (output == 0)
        {
            return; // a stream nobody asked to echo (e.g. RTX): not an error
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], output);

        // The encryption is the copy: protect straight from the decrypted packet into the send slot.
        Span<byte> slot = Shard.Udp.GetSendBuffer();
        if (srtpOut.ProtectRtp(packet, slot, out int written) != SrtpResult.Ok)
        {
            Counters.SrtpProtectFailures++;
            return;
        }

        Shard.Udp.CommitSend(written, remote.Value);
        Counters.RtpPacketsSent++;
        Counters.RtpBytesSent += packet.Length;
    }

    /// <summary>
    /// Echo mode answers the peer's key-frame and loss feedback about the echoed streams by turning it
    /// around: a PLI/FIR/NACK for an output SSRC becomes one for the matching input SSRC, so the
    /// peer's own encoder produces the key frame (or retransmission) that its decoder asked for.
    /// Reports (SR/RR/SDES) are not echoed: they would describe streams the peer never sent.
    /// </summary>
    private void EchoRtcpFeedback(ReadOnlySpan<byte> compound)
    {
        var srtpOut = _srtpOut;
        if (srtpOut is null || _remote is not { } remote)
        {
            return;
        }

        Span<byte> slot = Shard.Udp.GetSendBuffer();
        int overhead = SrtpContext.GetRtcpOverhead(srtpOut.Profile);
        int outLength = 0;
        int offset = 0;
        while (offset + 4 <= compound.Length)
        {
            var header = compound[offset..];
            int size = (BinaryPrimitives.ReadUInt16BigEndian(header[2..]) + 1) * 4;
            if ((header[0] >> 6) != 2 || size > header.Length)
            {
                Counters.MalformedMedia++;
                break;
            }

            byte packetType = header[1];
            if ((packetType == RtcpRtpFeedback || packetType == RtcpPayloadFeedback) && size >= 12
                && outLength + size + overhead <= slot.Length)
            {
                var copy = slot.Slice(outLength, size);
                header[..size].CopyTo(copy);
                if (TranslateFeedback(copy, packetType))
                {
                    outLength += size;
                }
            }

            offset += size;
        }

        if (outLength == 0)
        {
            return;
        }

        if (srtpOut.ProtectRtcp(slot, outLength, out int written) != SrtpResult.Ok)
        {
            Counters.SrtpProtectFailures++;
            return;
        }

        Shard.Udp.CommitSend(written, remote.Value);
        Counters.RtcpPacketsSent++;
    }

    private bool TranslateFeedback(Span<byte> packet, byte packetType)
    {
        // Sender SSRC (the feedback's author) becomes one of our output SSRCs, so the peer does not
        // see feedback signed with an SSRC of its own.
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _echo[0].OutputSsrc);
        int format = packet[0] & 0x1F;
        if (packetType == RtcpPayloadFeedback && format == PsfbFir)
        {
            bool any = false;
            for (int entry = 12; entry + 8 <= packet.Length; entry += 8)
            {
                any |= TryMapBack(packet[entry..]);
            }

            return any;
        }

        return TryMapBack(packet[8..]);
    }

    private bool TryMapBack(Span<byte> ssrcField)
    {
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(ssrcField);
        foreach (var stream in _echo)
        {
            if (stream.OutputSsrc == ssrc)
            {
                BinaryPrimitives.WriteUInt32BigEndian(ssrcField, stream.InputSsrc);
                return true;
            }
        }

        return false;
    }
}
