using System.Buffers.Binary;

namespace Voip.Media.Rtp.Codecs;

/// <summary>
/// Key-frame detection for H.264 RTP payloads (RFC 6184), packetization modes 0 and 1.
/// A packet starts a key frame when it carries an IDR slice's first bytes or an SPS (encoders send
/// SPS/PPS right before each IDR, and decoders need them to start), found in:
/// <code>
/// single NAL unit (§5.6): |F|NRI| Type 1..23 | ...
/// STAP-A (§5.7.1):        |F|NRI| Type 24    | size(16) | NALU | size(16) | NALU | ...
/// FU-A (§5.8):            |F|NRI| Type 28    |S|E|R| Type | ...   (S = first fragment)
/// </code>
/// </summary>
public static class H264Packet
{
    public static H264NalUnitType GetNalUnitType(ReadOnlySpan<byte> payload) =>
        payload.IsEmpty ? 0 : (H264NalUnitType)(payload[0] & 0x1F);

    public static bool IsKeyFrame(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        var type = (H264NalUnitType)(payload[0] & 0x1F);
        switch (type)
        {
            case H264NalUnitType.StapA:
                int offset = 1;
                while (offset + 2 < payload.Length)
                {
                    int size = BinaryPrimitives.ReadUInt16BigEndian(payload.Slice(offset));
                    offset += 2;
                    if (size == 0 || offset + size > payload.Length)
                    {
                        return false;
                    }

                    if (IsKeyNal((H264NalUnitType)(payload[offset] & 0x1F)))
                    {
                        return true;
                    }

                    offset += size;
                }

                return false;
            case H264NalUnitType.FuA:
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyNal((H264NalUnitType)(payload[1] & 0x1F));
            default:
                return IsKeyNal(type);
        }
    }

    private static bool IsKeyNal(H264NalUnitType type) =>
        type is H264NalUnitType.IdrSlice or H264NalUnitType.SequenceParameterSet;
}
