using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>Builds a FIR (RFC 5104 §4.3.1) with one or more entries; the header's media SSRC is written as 0.</summary>
public ref struct FullIntraRequestWriter
{
    public uint SenderSsrc;

    public ReadOnlySpan<FullIntraRequestEntry> Entries;

    public readonly int GetSize() => RtcpFeedbackFormat.HeaderLength + (Entries.Length * FullIntraRequest.EntryLength);

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (Entries.IsEmpty || destination.Length < size)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, RtcpFeedbackFormat.FullIntraRequest, RtcpPacketType.PayloadSpecificFeedback, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), 0);
        int offset = RtcpFeedbackFormat.HeaderLength;
        foreach (FullIntraRequestEntry entry in Entries)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), entry.Ssrc);
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset + 4), (uint)entry.SequenceNumber << 24);
            offset += FullIntraRequest.EntryLength;
        }

        written = size;
        return true;
    }
}
