using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Builds a Generic NACK (RFC 4585 §6.2.1) from lost sequence numbers in ascending RTP order
/// (packed with <see cref="GenericNackItem.Pack"/>).
/// </summary>
public ref struct GenericNackWriter
{
    public uint SenderSsrc;
    public uint MediaSsrc;

    public ReadOnlySpan<ushort> LostSequenceNumbers;

    public readonly int GetSize() => RtcpFeedbackFormat.HeaderLength + (GenericNackItem.Pack(LostSequenceNumbers, default) * GenericNack.ItemLength);

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (LostSequenceNumbers.IsEmpty || destination.Length < size || size > 4 * 65536)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, RtcpFeedbackFormat.GenericNack, RtcpPacketType.TransportFeedback, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MediaSsrc);

        // Same packing as GenericNackItem.Pack, written straight into the FCI (no scratch array).
        ReadOnlySpan<ushort> lost = LostSequenceNumbers;
        int offset = RtcpFeedbackFormat.HeaderLength;
        int i = 0;
        while (i < lost.Length)
        {
            ushort pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                int distance = (ushort)(lost[i] - pid);
                if (distance > 16)
                {
                    break;
                }

                if (distance != 0)
                {
                    blp |= (ushort)(1 << (distance - 1));
                }

                i++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset), pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(offset + 2), blp);
            offset += GenericNack.ItemLength;
        }

        written = size;
        return true;
    }
}
