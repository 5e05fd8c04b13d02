using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Picture Loss Indication (RFC 4585 §6.3.1): PSFB with FMT=1 and no FCI. The SFU forwards a
/// consumer's PLI to the producer (as its own) to get a key frame.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|  FMT=1  |    PT=206     |          length=2             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of packet sender                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  SSRC of media source                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct PictureLossIndication
{
    public const int Length = 12;

    private readonly ReadOnlySpan<byte> _body;

    private PictureLossIndication(ReadOnlySpan<byte> body) => _body = body;

    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    public static RtcpParseResult TryParse(RtcpPacket packet, out PictureLossIndication pli)
    {
        pli = default;
        RtcpParseResult r = RtcpFeedbackFormat.Check(packet, RtcpPacketType.PayloadSpecificFeedback, RtcpFeedbackFormat.PictureLossIndication);
        if (r == RtcpParseResult.Ok)
        {
            pli = new PictureLossIndication(packet.Body);
        }

        return r;
    }
}
