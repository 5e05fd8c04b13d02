using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>Builds a sender report (RFC 3550 §6.4.1) with up to 31 report blocks.</summary>
public ref struct SenderReportWriter
{
    public uint SenderSsrc;
    public ulong NtpTimestamp;
    public uint RtpTimestamp;
    public uint PacketCount;
    public uint OctetCount;

    /// <summary>At most 31 (the RC field has five bits, RFC 3550 §6.4.1).</summary>
    public ReadOnlySpan<ReportBlock> ReportBlocks;

    public readonly int GetSize() => SenderReport.FixedLength + (ReportBlocks.Length * ReportBlock.Length);

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (ReportBlocks.Length > 31 || destination.Length < size)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, ReportBlocks.Length, RtcpPacketType.SenderReport, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination.Slice(8), NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(24), OctetCount);
        for (int i = 0; i < ReportBlocks.Length; i++)
        {
            ReportBlocks[i].Write(destination.Slice(SenderReport.FixedLength + (i * ReportBlock.Length)));
        }

        written = size;
        return true;
    }
}
