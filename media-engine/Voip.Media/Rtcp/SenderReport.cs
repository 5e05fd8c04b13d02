using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Sender report (RFC 3550 §6.4.1). The SFU keeps the producer's NTP↔RTP pair from it to build
/// per-consumer SRs, and takes LSR (the middle 32 bits of the NTP timestamp) for RTT.
/// <code>
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    RC   |   PT=SR=200   |             length            |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                         SSRC of sender                        |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// sender |              NTP timestamp, most significant word             |
/// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |             NTP timestamp, least significant word             |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                         RTP timestamp                         |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                     sender's packet count                     |
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                      sender's octet count                     |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                 report blocks (RC × 24 bytes)                 |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
///        |                  profile-specific extensions                  |
/// </code>
/// </summary>
public readonly ref struct SenderReport
{
    /// <summary>Header + SSRC + sender info, without report blocks.</summary>
    public const int FixedLength = 28;

    private readonly ReadOnlySpan<byte> _body;

    private SenderReport(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        ReportCount = count;
    }

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>64-bit NTP timestamp (32.32 fixed point seconds since 1900); see <see cref="NtpTimestamp"/>.</summary>
    public ulong NtpTimestamp => BinaryPrimitives.ReadUInt64BigEndian(_body.Slice(4));

    public uint RtpTimestamp => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(12));

    public uint PacketCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16));

    public uint OctetCount => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(20));

    public int ReportCount { get; }

    /// <summary>Bytes after the report blocks (RFC 3550 §6.4.1 profile-specific extensions).</summary>
    public ReadOnlySpan<byte> ProfileExtensions => _body.Slice(24 + (ReportCount * ReportBlock.Length));

    public ReportBlock GetReportBlock(int index)
    {
        if ((uint)index >= (uint)ReportCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return ReportBlock.Read(_body.Slice(24 + (index * ReportBlock.Length)));
    }

    public static RtcpParseResult TryParse(RtcpPacket packet, out SenderReport report)
    {
        report = default;
        if (packet.PacketType != RtcpPacketType.SenderReport)
        {
            return RtcpParseResult.WrongType;
        }

        ReadOnlySpan<byte> body = packet.Body;
        if (body.Length < FixedLength - RtcpPacket.HeaderLength)
        {
            return RtcpParseResult.TooShort;
        }

        if (body.Length < 24 + (packet.Count * ReportBlock.Length))
        {
            return RtcpParseResult.CountMismatch;
        }

        report = new SenderReport(body, packet.Count);
        return RtcpParseResult.Ok;
    }

    /// <summary>Parses a standalone SR (header validation included).</summary>
    public static RtcpParseResult TryParse(ReadOnlySpan<byte> buffer, out SenderReport report)
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
