using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>Builds a receiver report (RFC 3550 §6.4.2) with up to 31 report blocks (none is valid: an empty RR).</summary>
public ref struct ReceiverReportWriter
{
    public uint SenderSsrc;

    public ReadOnlySpan<ReportBlock> ReportBlocks;

    public readonly int GetSize() => ReceiverReport.FixedLength + (ReportBlocks.Length * ReportBlock.Length);

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (ReportBlocks.Length > 31 || destination.Length < size)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, ReportBlocks.Length, RtcpPacketType.ReceiverReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        for (int i = 0; i < ReportBlocks.Length; i++)
        {
            ReportBlocks[i].Write(destination.Slice(ReceiverReport.FixedLength + (i * ReportBlock.Length)));
        }

        written = size;
        return true;
    }
}
