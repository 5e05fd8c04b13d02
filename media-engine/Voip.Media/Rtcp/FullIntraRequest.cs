using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Full Intra Request (RFC 5104 §4.3.1): PSFB FMT=4. The media-source SSRC in the common header is
/// unused (SHALL be 0, §4.3.1.2); each FCI entry names the target.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=4  |    PT=206     |          length               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source (0)                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              SSRC                             |  FCI entry,
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  repeated
/// | Seq nr.       |    Reserved                                   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct FullIntraRequest
{
    public const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _body;

    private FullIntraRequest(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    public int EntryCount => (_body.Length - 8) / EntryLength;

    public FullIntraRequestEntry GetEntry(int index)
    {
        if ((uint)index >= (uint)EntryCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        ReadOnlySpan<byte> e = _body.Slice(8 + (index * EntryLength));
        return new FullIntraRequestEntry(BinaryPrimitives.ReadUInt32BigEndian(e), e[4]);
    }

    public static RtcpParseResult TryParse(RtcpPacket packet, out FullIntraRequest fir)
    {
        fir = default;
        RtcpParseResult r = RtcpFeedbackFormat.Check(packet, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.FullIntraRequest);
        if (r != RtcpParseResult.Ok)
        {
            return r;
        }

        // At least one entry, and whole entries only (§4.3.1.1: "one or more FCI entries").
        int fci = packet.Body.Length - 8;
        if (fci == 0 || fci % EntryLength != 0)
        {
            return RtcpParseResult.CountMismatch;
        }

        fir = new FullIntraRequest(packet.Body);
        return RtcpParseResult.Ok;
    }
}
