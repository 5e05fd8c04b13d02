using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Receiver report (RFC 3550 §6.4.2): the SR without sender info. The SFU sends one per producer
/// (loss, jitter, LSR/DLSR) and reads consumers' ones for RTT and loss.
/// <code>
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=RR=201   |             length            |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                     SSRC of packet sender                     |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                 report blocks (RC × 24 bytes)                 |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct ReceiverReport
{
    public const int FixedLength = 8;

    private readonly ReadOnlySpan<byte> _body;

    private ReceiverReport(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        ReportCount = count;
    }

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public int ReportCount { get; }

    public ReadOnlySpan<byte> ProfileExtensions => _body.Slice(4 + (ReportCount * ReportBlock.Length));

    public ReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ReportBlock.Read(_body.Slice(4 + (index * ReportBlock.Length)));
    }

    public static RtcpParseResult TryParse(RtcpPacket packet, out ReceiverReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.ReceiverReport)
        {
            return RtcpParseResult.WrongType;
        }

        ReadOnlySpan<byte> body = packet.Body;
        if (body.Length < 4)
        {
            return RtcpParseResult.TooShort;
        }

        if (body.Length < 4 + (packet.Count * ReportBlock.Length))
        {
            return RtcpParseResult.CountMismatch;
        }

        report = new ReceiverReport(body, packet.Count);
        return RtcpParseResult.Ok;
    }

    public static RtcpParseResult TryParse(ReadOnlySpan<byte> buffer, out ReceiverReport report)
    {
        RtcpParseResult r = RtcpPacket.TryParse(buffer, out RtcpPacket packet, out _);
        if (r != RtcpParseResult.Ok)
        {
            report = default;
            return r;
        }

        return TryParse(packet, out report);
    }
}
