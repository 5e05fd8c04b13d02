using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Goodbye (RFC 3550 §6.6): the listed sources leave, with an optional reason.
/// <code>
///        0                   1                   2                   3
///        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |V=2|P|    SC   |   PT=BYE=203  |             length            |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       |                           SSRC/CSRC                           |
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///       :                              ...                              :
///       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// (opt) |     length    |               reason for leaving            ...
///       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct Goodbye
{
    private readonly ReadOnlySpan<byte> _body;

    private Goodbye(ReadOnlySpan<byte> body, int count, ReadOnlySpan<byte> reason)
    {
        _body = body;
        SourceCount = count;
        Reason = reason;
    }

    public int SourceCount { get; }

    /// <summary>The reason text (UTF-8), empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; }

    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SourceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4 * index));
    }

    public static RtcpParseResult TryParse(RtcpPacket packet, out Goodbye bye)
    {
        bye = default;
        if (packet.PacketType != RtcpPacketType.Goodbye)
        {
            return RtcpParseResult.WrongType;
        }

        ReadOnlySpan<byte> body = packet.Body;
        int sources = packet.Count * 4;
        if (sources > body.Length)
        {
            return RtcpParseResult.CountMismatch;
        }

        ReadOnlySpan<byte> reason = default;
        if (body.Length > sources)
        {
            int length = body[sources];
            if (sources + 1 + length > body.Length)
            {
                return RtcpParseResult.Malformed;
            }

            reason = body.Slice(sources + 1, length);
        }

        bye = new Goodbye(body, packet.Count, reason);
        return RtcpParseResult.Ok;
    }
}
