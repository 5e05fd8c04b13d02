using System.Buffers.Binary;
using Voip.Media.Rtcp;
using Voip.Media.Rtp;
using Voip.Media.Transport;

namespace Voip.Media.Routing;

public sealed partial class Consumer
{
    /// <summary>Output sequence numbers remembered as recently resent (a power of two).</summary>
    private const int ResendMemory = 512;

    /// <summary>A packet is resent at most once per round trip, and never twice within this many ms.</summary>
    private const int MinResendIntervalMs = 10;

    /// <summary>The resend spacing while the round trip is not measured yet.</summary>
    private const int DefaultResendIntervalMs = 50;

    private readonly ushort[] _resentSeq = new ushort[ResendMemory];
    private readonly long[] _resentAtMs = CreateResendTimes();

    /// <summary>NACKed packets not resent: resent less than a round trip ago, or over the subscriber's retransmission budget.</summary>
    public long RetransmissionsSuppressed;

    private static long[] CreateResendTimes()
    {
        var times = new long[ResendMemory];
        times.AsSpan().Fill(long.MinValue);
        return times;
    }

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
        long sendingBps = -1;
        for (int i = 0; i < nack.ItemCount; i++)
        {
            int count = nack.GetItem(i).CopyLostSequenceNumbers(lost);
            for (int j = 0; j < count; j++)
            {
                if (ResentRecently(lost[j], nowMs))
                {
                    RetransmissionsSuppressed++;
                    continue;
                }

                if (!_sequencer.TryMapBack(lost[j], out ushort inputSeq)
                    || buffer.TryGet(inputSeq, nowMs, 0, out var stored) != RetransmitLookup.Found)
                {
                    continue;
                }

                // What we send this subscriber, summed once per NACK, not per lost packet.
                sendingBps = sendingBps < 0 ? Transport.MediaSendBitrate(nowMs) : sendingBps;
                if (!Transport.Bandwidth.TryTakeRetransmission(stored.Length + 2, sendingBps, nowMs))
                {
                    RetransmissionsSuppressed++;
                    continue;
                }

                if (Retransmit(stored, lost[j]))
                {
                    int slot = lost[j] & (ResendMemory - 1);
                    _resentSeq[slot] = lost[j];
                    _resentAtMs[slot] = nowMs;
                }
            }
        }
    }

    /// <summary>
    /// True when this output sequence number was resent less than a round trip ago (at least
    /// <see cref="MinResendIntervalMs"/>): the subscriber repeats a NACK until the repair arrives, and answering
    /// each repeat into a congested link only deepens the congestion.
    /// </summary>
    private bool ResentRecently(ushort outputSeq, long nowMs)
    {
        int slot = outputSeq & (ResendMemory - 1);
        if (_resentAtMs[slot] == long.MinValue || _resentSeq[slot] != outputSeq)
        {
            return false;
        }

        double interval = Math.Max(MinResendIntervalMs, RoundTripMs > 0 ? RoundTripMs : DefaultResendIntervalMs);
        return nowMs - _resentAtMs[slot] < interval;
    }

    private bool Retransmit(ReadOnlySpan<byte> stored, ushort outputSeq)
    {
        if (!RtpHeader.TryParse(stored, out var header) || header.HeaderLength > Producer.MaxForwardedHeaderLength)
        {
            return false;
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

        // The repair is stamped with its own send time, on the clock of the forwarded packets: the subscriber's
        // delay-based estimator reads abs-send-time from every packet, retransmissions included, and a stale
        // stamp (the publisher's packet arrived long ago) looks like a huge queueing delay change to it.
        var context = new ForwardContext
        {
            ExtensionBodyOffset = header.Extension ? header.ExtensionBodyOffset : 0,
            ExtensionBodyLength = header.IsOneByteExtension || header.IsTwoByteExtension ? header.ExtensionBodyLength : 0,
            TwoByteExtensions = header.IsTwoByteExtension,
            AbsSendTimeOffset = Producer.FindExtensionOffset(header, Producer.AbsSendTimeExtensionId),
            AbsSendTime = AbsSendTimeExtension.FromMicroseconds(WebRtcTransport.NowMicroseconds()),
        };
        RewriteHeader(packet[..length], payloadType, seq, header.Timestamp + _sequencer.TimestampOffset, ssrc, context);
        if (!Transport.SendRtp(packet[..length]))
        {
            return false;
        }

        RetransmittedPackets++;
        Transport.Counters.RetransmittedPackets++;
        return true;
    }
}
