using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// One validated RTCP packet inside a compound packet (RFC 3550 §6.1): the common header
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  RC/FMT |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// followed by <see cref="Body"/> (everything after the 4-byte header, padding removed).
/// Built only by <see cref="TryParse"/> or <see cref="RtcpCompoundReader"/>, so the spans never overrun.
/// </summary>
public readonly ref struct RtcpPacket
{
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _paddingLength;

    private RtcpPacket(ReadOnlySpan<byte> packet, int paddingLength)
    {
        _packet = packet;
        _paddingLength = paddingLength;
    }

    /// <summary>The whole packet, header and padding included (exactly the length field's size).</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    public bool Padding => (_packet[0] & 0x20) != 0;

    /// <summary>RC for SR/RR, SC for SDES/BYE, FMT for RTPFB/PSFB (five bits).</summary>
    public int Count => _packet[0] & 0x1F;

    public RtcpPacketType PacketType => (RtcpPacketType)_packet[1];

    public int Length => _packet.Length;

    public int PaddingLength => _paddingLength;

    /// <summary>Everything after the common header, padding excluded.</summary>
    public ReadOnlySpan<byte> Body => _packet.Slice(HeaderLength, _packet.Length - HeaderLength - _paddingLength);

    /// <summary>The first 32-bit word after the header (sender SSRC for every type we handle), 0 when absent.</summary>
    public uint SenderSsrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>
    /// Validates the common header at the start of <paramref name="buffer"/>: version 2, the length field
    /// within the buffer, and a padding count between 1 and the bytes after the header (RFC 3550 A.2).
    /// <paramref name="length"/> is the packet's size so a compound walk can step over it.
    /// </summary>
    public static RtcpParseResult TryParse(ReadOnlySpan<byte> buffer, out RtcpPacket packet, out int length)
    {
        packet = default;
        length = 0;
        if (buffer.Length < HeaderLength)
        {
            return RtcpParseResult.TooShort;
        }

        if ((buffer[0] >> 6) != 2)
        {
            return RtcpParseResult.BadVersion;
        }

        int size = (BinaryPrimitives.ReadUInt16BigEndian(buffer.Slice(2)) + 1) * 4;
        if (size > buffer.Length)
        {
            return RtcpParseResult.LengthOverrun;
        }

        int padding = 0;
        if ((buffer[0] & 0x20) != 0)
        {
            padding = buffer[size - 1];
            if (padding == 0 || padding > size - HeaderLength)
            {
                return RtcpParseResult.BadPadding;
            }
        }

        packet = new RtcpPacket(buffer.Slice(0, size), padding);
        length = size;
        return RtcpParseResult.Ok;
    }

    /// <summary>Writes a common header with no padding; <paramref name="size"/> must be a multiple of 4.</summary>
    internal static void WriteHeader(Span<byte> destination, int count, RtcpPacketType type, int size)
    {
        destination[0] = (byte)(0x80 | (count & 0x1F));
        destination[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)((size / 4) - 1));
    }
}
