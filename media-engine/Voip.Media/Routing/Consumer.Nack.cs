using System.Buffers.Binary;
using Voip.Media.Rtcp;
using Voip.Media.Rtp;

namespace Voip.Media.Routing;

public sealed partial class Consumer
{
    /// <summary>
    /// The subscriber's NACK for our SSRC (RFC 4585 §6.2.1): each lost output sequence number is mapped back
    /// to the producer's, fetched from its retransmission buffer and resent — over RTX (RFC 4588) when the
    /// subscriber negotiated it, else as the original packet again.
    /// </summary>
    internal void OnNack(in GenericNack nack, long nowMs)
    {
        NacksReceived++;
        if (!Active || CurrentLayer < 0 || Producer.Streams[CurrentLayer].Buffer is not { } buffer)
        {
            return;
        }

        Span<ushort> lost = stackalloc ushort[17];
        for (int i = 0; i < nack.ItemCount; i++)
        {
            int count = nack.GetItem(i).CopyLostSequenceNumbers(lost);
            for (int j = 0; j < count; j++)
            {
                if (_sequencer.TryMapBack(lost[j], out ushort inputSeq)
                    && buffer.TryGet(inputSeq, nowMs, 0, out var stored) == RetransmitLookup.Found)
                {
                    Retransmit(stored, lost[j]);
                }
            }
        }
    }

    private void Retransmit(ReadOnlySpan<byte> stored, ushort outputSeq)
    {
        if (!RtpHeader.TryParse(stored, out var header) || header.HeaderLength > Producer.MaxForwardedHeaderLength)
        {
            return;
        }

        int headerLength = header.HeaderLength;
        Span<byte> packet = stackalloc byte[stored.Length + 2];
        stored[..headerLength].CopyTo(packet);
        int length;
        byte payloadType;
        uint ssrc;
        ushort seq;
        if (RtxSsrc != 0)
        {
            // RFC 4588 §4: the original sequence number first, then the original payload.
            BinaryPrimitives.WriteUInt16BigEndian(packet[headerLength..], outputSeq);
            stored[headerLength..].CopyTo(packet[(headerLength + 2)..]);
            length = stored.Length + 2;
            payloadType = RtxPayloadType;
            ssrc = RtxSsrc;
            seq = _rtxSequence++;
        }
        else
        {
            stored[headerLength..].CopyTo(packet[headerLength..]);
            length = stored.Length;
            payloadType = PayloadType;
            ssrc = Ssrc;
            seq = outputSeq;
        }

        var context = new ForwardContext
        {
            ExtensionBodyOffset = header.Extension ? header.ExtensionBodyOffset : 0,
            ExtensionBodyLength = header.IsOneByteExtension || header.IsTwoByteExtension ? header.ExtensionBodyLength : 0,
            TwoByteExtensions = header.IsTwoByteExtension,
        };
        RewriteHeader(packet[..length], payloadType, seq, header.Timestamp + _sequencer.TimestampOffset, ssrc, context);
        if (Transport.SendRtp(packet[..length]))
        {
            RetransmittedPackets++;
            Transport.Counters.RetransmittedPackets++;
        }
    }
}
