using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// RTPFB FMT=15. Parsing walks every chunk and checks the receive deltas fit, so the enumerator never fails.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=15 |    PT=205     |           length              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     SSRC of packet sender                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      SSRC of media source                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      base sequence number     |      packet status count      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 reference time                | fb pkt. count |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          packet chunk         |         packet chunk          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                                                               .
/// |         packet chunk          |  recv delta   |  recv delta   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// .                                                               .
///
/// run length chunk (§3.1.3):  |T=0| S (2) |     run length (13)     |
/// status vector chunk (§3.1.4): |T=1|S|        symbol list (14)     |
///   S=0: 14 one-bit symbols (0 not received, 1 small delta); S=1: 7 two-bit symbols.
/// recv delta (§3.1.5): 1 byte unsigned (symbol 1) or 2 bytes signed (symbol 2), in 250 µs units.
/// reference time: signed 24 bits, in 64 ms units.
/// </code>
/// </summary>
public readonly ref struct TransportWideCc
{
    /// <summary>Body offset of the first chunk (after the SSRCs and the 8 fixed bytes).</summary>
    internal const int ChunksOffset = 16;

    public const int FixedLength = 20;

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _deltasOffset;

    private TransportWideCc(ReadOnlySpan<byte> body, int deltasOffset)
    {
        _body = body;
        _deltasOffset = deltasOffset;
    }

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(8));

    public ushort PacketStatusCount => BinaryPrimitives.ReadUInt16BigEndian(_body.Slice(10));

    /// <summary>The signed 24-bit reference time in 64 ms units.</summary>
    public int ReferenceTime => ((_body[12] << 24) | (_body[13] << 16) | (_body[14] << 8)) >> 8;

    public long ReferenceTimeMicroseconds => ReferenceTime * 64_000L;

    public byte FeedbackPacketCount => _body[15];

    /// <summary>Enumerates every status (received or not) from the base sequence number on.</summary>
    public TransportWideCcEnumerator GetEnumerator() =>
        new(_body.Slice(ChunksOffset, _deltasOffset - ChunksOffset), _body.Slice(_deltasOffset), BaseSequenceNumber, PacketStatusCount, ReferenceTimeMicroseconds);

    public static RtcpParseResult TryParse(RtcpPacket packet, out TransportWideCc feedback)
    {
        feedback = default;
        RtcpParseResult r = RtcpFeedbackFormat.Check(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.TransportWideCc);
        if (r != RtcpParseResult.Ok)
        {
            return r;
        }

        ReadOnlySpan<byte> body = packet.Body;
        if (body.Length < FixedLength - RtcpPacket.HeaderLength)
        {
            return RtcpParseResult.TooShort;
        }

        int remaining = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(10));
        int offset = ChunksOffset;
        int deltaBytes = 0;
        while (remaining > 0)
        {
            if (offset + 2 > body.Length)
            {
                return RtcpParseResult.CountMismatch;
            }

            int chunk = BinaryPrimitives.ReadUInt16BigEndian(body.Slice(offset));
            offset += 2;
            if ((chunk & 0x8000) == 0)
            {
                int symbol = (chunk >> 13) & 0x3;
                int run = Math.Min(chunk & 0x1FFF, remaining);
                if (symbol == 3)
                {
                    return RtcpParseResult.Malformed;
                }

                deltaBytes += symbol * run;
                remaining -= run;
            }
            else if ((chunk & 0x4000) == 0)
            {
                int n = Math.Min(14, remaining);
                for (int i = 0; i < n; i++)
                {
                    deltaBytes += (chunk >> (13 - i)) & 1;
                }

                remaining -= n;
            }
            else
            {
                int n = Math.Min(7, remaining);
                for (int i = 0; i < n; i++)
                {
                    int symbol = (chunk >> (2 * (6 - i))) & 3;
                    if (symbol == 3)
                    {
                        return RtcpParseResult.Malformed;
                    }

                    deltaBytes += symbol;
                }

                remaining -= n;
            }
        }

        // Deltas may be followed by up to 3 bytes of zero padding that some senders add without the P bit.
        if (offset + deltaBytes > body.Length)
        {
            return RtcpParseResult.Malformed;
        }

        feedback = new TransportWideCc(body, offset);
        return RtcpParseResult.Ok;
    }
}
