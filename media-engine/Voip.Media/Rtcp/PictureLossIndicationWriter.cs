using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>Builds a PLI (RFC 4585 §6.3.1).</summary>
public readonly struct PictureLossIndicationWriter(uint senderSsrc, uint mediaSsrc)
{
    public uint SenderSsrc { get; } = senderSsrc;

    public uint MediaSsrc { get; } = mediaSsrc;

    public int GetSize() => PictureLossIndication.Length;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < PictureLossIndication.Length)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, RtcpFeedbackFormat.PictureLossIndication, RtcpPacketType.PayloadSpecificFeedback, PictureLossIndication.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MediaSsrc);
        written = PictureLossIndication.Length;
        return true;
    }
}
