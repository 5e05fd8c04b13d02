using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1): RTPFB FMT=1 with one or more PID/BLP entries. The SFU answers
/// a consumer's NACK from its retransmission buffer and sends its own NACKs to producers.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |    PT=205     |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            PID                |             BLP               |  repeated
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct GenericNack
{
    public const int ItemLength = 4;

    private readonly ReadOnlySpan<byte> _body;

    private GenericNack(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    public int ItemCount => (_body.Length - 8) / ItemLength;

    public GenericNackItem GetItem(int index)
    {
        if ((uint)index >= (uint)ItemCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        ReadOnlySpan<byte> fci = _body.Slice(8 + (index * ItemLength));
        return new GenericNackItem(BinaryPrimitives.ReadUInt16BigEndian(fci), BinaryPrimitives.ReadUInt16BigEndian(fci.Slice(2)));
    }

    /// <summary>Total lost sequence numbers over all entries (overlapping entries count twice).</summary>
    public int GetLostCount()
    {
        int n = 0;
        for (int i = 0; i < ItemCount; i++)
        {
            n += GetItem(i).LostCount;
        }

        return n;
    }

    public static RtcpParseResult TryParse(RtcpPacket packet, out GenericNack nack)
    {
        nack = default;
        RtcpParseResult r = RtcpFeedbackFormat.Check(packet, RtcpPacketType.TransportFeedback, RtcpFeedbackFormat.GenericNack);
        if (r != RtcpParseResult.Ok)
        {
            return r;
        }

        // "The FCI field MUST contain at least one and MAY contain more than one Generic NACK" (§6.2.1).
        int fci = packet.Body.Length - 8;
        if (fci == 0 || fci % ItemLength != 0)
        {
            return RtcpParseResult.CountMismatch;
        }

        nack = new GenericNack(packet.Body);
        return RtcpParseResult.Ok;
    }
}
