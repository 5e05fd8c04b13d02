using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// A minimal view of the common RTCP header plus the sender SSRC (RFC 3550 §6.4.1), as used by SRTCP
/// (RFC 3711 §3.4), which keys its per-source state on the first packet's SSRC.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|   RC    |      PT       |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         SSRC of sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct RtcpHeader
{
    public const int Length = 8;

    private readonly ReadOnlySpan<byte> _packet;

    private RtcpHeader(ReadOnlySpan<byte> packet) => _packet = packet;

    public int Version => _packet[0] >> 6;

    public bool Padding => (_packet[0] & 0x20) != 0;

    /// <summary>Reception report count / subtype (five bits).</summary>
    public int Count => _packet[0] & 0x1F;

    public byte PacketType => _packet[1];

    /// <summary><see cref="PacketType"/> as the enum the RTCP views use.</summary>
    public RtcpPacketType Type => (RtcpPacketType)_packet[1];

    /// <summary>The length field: the packet's length in 32-bit words minus one.</summary>
    public ushort LengthInWordsMinusOne => BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(2));

    /// <summary>This RTCP packet's length in bytes, from its length field.</summary>
    public int PacketLength => (LengthInWordsMinusOne + 1) * 4;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(4));

    /// <summary>
    /// Accepts a buffer that starts with a version-2 RTCP header of at least 8 bytes. The length field
    /// is not checked against the buffer: in SRTCP the first packet's length is all SRTCP needs, and a
    /// compound packet's members are validated by the RTCP parsers after decryption.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpHeader header)
    {
        if (packet.Length < Length || (packet[0] >> 6) != 2)
        {
            header = default;
            return false;
        }

        header = new RtcpHeader(packet);
        return true;
    }
}
