using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Source description (RFC 3550 §6.5). The whole packet is validated on parse (every chunk's items end
/// inside the packet, with a null item and padding to a word boundary) so <see cref="GetEnumerator"/>
/// cannot fail.
/// <code>
///         0                   1                   2                   3
///         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
///        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// header |V=2|P|    SC   |  PT=SDES=202  |             length            |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// chunk  |                          SSRC/CSRC_1                          |
///   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///        |                           SDES items                          |
///        |                              ...                              |
///        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// item:  |     type      |    length     | text (length bytes)         ...
///        END item (type 0) closes a chunk, then zero bytes up to the next 32-bit boundary.
/// </code>
/// </summary>
public readonly ref struct SourceDescription
{
    private readonly ReadOnlySpan<byte> _body;

    private SourceDescription(ReadOnlySpan<byte> body, int count)
    {
        _body = body;
        ChunkCount = count;
    }

    public int ChunkCount { get; }

    public SdesItemEnumerator GetEnumerator() => new(_body, ChunkCount);

    /// <summary>Finds the CNAME of <paramref name="ssrc"/>.</summary>
    public bool TryGetCname(uint ssrc, out ReadOnlySpan<byte> cname)
    {
        foreach (SdesItem item in this)
        {
            if (item.Ssrc == ssrc && item.Type == SdesItemType.Cname)
            {
                cname = item.Value;
                return true;
            }
        }

        cname = default;
        return false;
    }

    public static RtcpParseResult TryParse(RtcpPacket packet, out SourceDescription sdes)
    {
        sdes = default;
        if (packet.PacketType != RtcpPacketType.SourceDescription)
        {
            return RtcpParseResult.WrongType;
        }

        ReadOnlySpan<byte> body = packet.Body;
        int offset = 0;
        for (int chunk = 0; chunk < packet.Count; chunk++)
        {
            if (offset + 4 > body.Length)
            {
                return RtcpParseResult.CountMismatch;
            }

            offset += 4;
            while (true)
            {
                if (offset >= body.Length)
                {
                    return RtcpParseResult.Malformed;
                }

                if (body[offset] == (byte)SdesItemType.End)
                {
                    // The null item plus padding to the next word boundary (RFC 3550 §6.5).
                    offset = (offset + 4) & ~3;
                    if (offset > body.Length)
                    {
                        return RtcpParseResult.Malformed;
                    }

                    break;
                }

                if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
                {
                    return RtcpParseResult.Malformed;
                }

                offset += 2 + body[offset + 1];
            }
        }

        sdes = new SourceDescription(body, packet.Count);
        return RtcpParseResult.Ok;
    }

    internal static uint ReadSsrc(ReadOnlySpan<byte> body, int offset) => BinaryPrimitives.ReadUInt32BigEndian(body.Slice(offset));
}
