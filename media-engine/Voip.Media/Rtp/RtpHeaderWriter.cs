using System.Buffers.Binary;

namespace Voip.Media.Rtp;

/// <summary>
/// In-place rewrites of RTP fixed-header fields, used when forwarding a packet to a consumer
/// (new SSRC, payload type, sequence number and timestamp). The caller has already validated
/// the packet (at least <see cref="RtpHeader.FixedLength"/> bytes).
/// </summary>
public static class RtpHeaderWriter
{
    public static void WriteSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(8, 4), ssrc);

    public static void WriteSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet.Slice(2, 2), sequenceNumber);

    public static void WriteTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(4, 4), timestamp);

    /// <summary>Writes the 7-bit payload type, keeping the marker bit.</summary>
    public static void WritePayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));

    public static void WriteMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)((packet[1] & 0x7F) | (marker ? 0x80 : 0));
}
