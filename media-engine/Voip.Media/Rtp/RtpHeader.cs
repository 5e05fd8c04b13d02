using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Voip.Media.Rtp;

/// <summary>
/// A read-only view of an RTP fixed header, its CSRC list and its header extension (RFC 3550 §5.1, §5.3.1).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |  (if X)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                        header extension                       |
/// </code>
/// Every length is validated against the packet, so the spans handed out never run past its end.
/// </summary>
public readonly ref struct RtpHeader
{
    public const int FixedLength = 12;

    /// <summary>RFC 8285 §4.2: one-byte header extension profile.</summary>
    public const ushort OneByteExtensionProfile = 0xBEDE;

    /// <summary>RFC 8285 §4.3: two-byte header extensions use 0x100 in the top 12 bits; the low 4 bits are app bits.</summary>
    public const ushort TwoByteExtensionProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _packet;

    private RtpHeader(ReadOnlySpan<byte> packet, int headerLength, int extensionOffset, int extensionLength)
    {
        _packet = packet;
        HeaderLength = headerLength;
        ExtensionBodyOffset = extensionOffset;
        ExtensionBodyLength = extensionLength;
    }

    /// <summary>The whole packet the view was parsed from.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    public int Version => _packet[0] >> 6;

    public bool Padding => (_packet[0] & 0x20) != 0;

    public bool Extension => (_packet[0] & 0x10) != 0;

    public int CsrcCount => _packet[0] & 0x0F;

    public bool Marker => (_packet[1] & 0x80) != 0;

    public byte PayloadType => (byte)(_packet[1] & 0x7F);

    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(2));

    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(4));

    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(8));

    /// <summary>Bytes before the payload: fixed header + CSRCs + extension preamble and body.</summary>
    public int HeaderLength { get; }

    /// <summary>Offset of the extension body (after the 4-byte preamble), 0 when there is no extension.</summary>
    public int ExtensionBodyOffset { get; }

    /// <summary>Length of the extension body in bytes (the preamble's length field × 4).</summary>
    public int ExtensionBodyLength { get; }

    /// <summary>The 16-bit "defined by profile" field of the extension, 0 when there is no extension.</summary>
    public ushort ExtensionProfile =>
        Extension ? BinaryPrimitives.ReadUInt16BigEndian(_packet.Slice(ExtensionBodyOffset - 4)) : (ushort)0;

    public bool IsOneByteExtension => Extension && ExtensionProfile == OneByteExtensionProfile;

    public bool IsTwoByteExtension => Extension && (ExtensionProfile & 0xFFF0) == TwoByteExtensionProfile;

    public ReadOnlySpan<byte> ExtensionBody => _packet.Slice(ExtensionBodyOffset, ExtensionBodyLength);

    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_packet.Slice(FixedLength + (4 * index)));
    }

    /// <summary>Payload including any padding (RFC 3550 §5.1: padding is counted by the last byte when P is set).</summary>
    public ReadOnlySpan<byte> PayloadWithPadding => _packet.Slice(HeaderLength);

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header) =>
        TryParse(packet, out header, out _);

    public static bool TryParse(ReadOnlySpan<byte> packet, out RtpHeader header, out RtpParseResult result)
    {
        result = Parse(packet, out int headerLength, out int extOffset, out int extLength);
        header = result == RtpParseResult.Ok ? new RtpHeader(packet, headerLength, extOffset, extLength) : default;
        return result == RtpParseResult.Ok;
    }

    /// <summary>
    /// Validates the header and computes its length without building a view — the cheapest check,
    /// used by SRTP on every packet.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static RtpParseResult GetHeaderLength(ReadOnlySpan<byte> packet, out int headerLength) =>
        Parse(packet, out headerLength, out _, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RtpParseResult Parse(ReadOnlySpan<byte> packet, out int headerLength, out int extOffset, out int extLength)
    {
        extOffset = 0;
        extLength = 0;
        headerLength = 0;
        if (packet.Length < FixedLength)
        {
            return RtpParseResult.TooShort;
        }

        byte b0 = packet[0];
        if ((b0 >> 6) != 2)
        {
            return RtpParseResult.BadVersion;
        }

        int length = FixedLength + ((b0 & 0x0F) * 4);
        if (length > packet.Length)
        {
            return RtpParseResult.CsrcOverrun;
        }

        if ((b0 & 0x10) != 0)
        {
            if (length + 4 > packet.Length)
            {
                return RtpParseResult.ExtensionOverrun;
            }

            extLength = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2)) * 4;
            extOffset = length + 4;
            length = extOffset + extLength;
            if (length > packet.Length)
            {
                extOffset = 0;
                extLength = 0;
                return RtpParseResult.ExtensionOverrun;
            }
        }

        headerLength = length;
        return RtpParseResult.Ok;
    }
}
