using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): PSFB FMT=15 with the
/// "REMB" identifier. Bitrate = mantissa × 2^exp bits per second.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P| FMT=15  |   PT=206      |             length            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (0)                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Unique identifier 'R' 'E' 'M' 'B'                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   SSRC feedback                                               |  × Num SSRC
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ReceiverEstimatedMaxBitrate
{
    /// <summary>'R' 'E' 'M' 'B' as a big-endian word.</summary>
    public const uint Identifier = 0x52454D42;

    public const int FixedLength = 20;

    private readonly ReadOnlySpan<byte> _body;

    private ReceiverEstimatedMaxBitrate(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    public int SsrcCount => _body[12];

    public int Exponent => _body[13] >> 2;

    public uint Mantissa => (uint)(((_body[13] & 0x03) << 16) | (_body[14] << 8) | _body[15]);

    /// <summary>Bits per second; saturates at <see cref="ulong.MaxValue"/> for absurd exponents (up to 63).</summary>
    public ulong Bitrate
    {
        get
        {
            uint mantissa = Mantissa;
            int exp = Exponent;
            if (mantissa == 0)
            {
                return 0;
            }

            return exp > System.Numerics.BitOperations.LeadingZeroCount((ulong)mantissa) ? ulong.MaxValue : (ulong)mantissa << exp;
        }
    }

    public uint GetSsrc(int index)
    {
        if ((uint)index >= (uint)SsrcCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(16 + (4 * index)));
    }

    /// <summary>
    /// Parses a PSFB FMT=15 packet as REMB. Returns <see cref="RtcpParseResult.WrongType"/> for other
    /// application-layer feedback (no "REMB" identifier) so a caller can try other ALFB parsers.
    /// </summary>
    public static RtcpParseResult TryParse(RtcpPacket packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = default;
        RtcpParseResult r = RtcpFeedbackFormat.Check(packet, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.ApplicationLayer);
        if (r != RtcpParseResult.Ok)
        {
            return r;
        }

        ReadOnlySpan<byte> body = packet.Body;
        if (body.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(body.Slice(8)) != Identifier)
        {
            return RtcpParseResult.WrongType;
        }

        if (body.Length < 16)
        {
            return RtcpParseResult.TooShort;
        }

        if (body.Length < 16 + (4 * body[12]))
        {
            return RtcpParseResult.CountMismatch;
        }

        remb = new ReceiverEstimatedMaxBitrate(body);
        return RtcpParseResult.Ok;
    }
}
