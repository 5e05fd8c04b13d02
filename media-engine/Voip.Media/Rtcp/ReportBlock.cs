using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// One reception report block (RFC 3550 §6.4.1), shared by SR and RR. A fixed 24-byte value, so it is
/// a plain struct (read out of a view, or filled in by the caller for a writer) rather than a ref view.
/// <code>
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |                 SSRC_1 (SSRC of first source)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | fraction lost |       cumulative number of packets lost       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           extended highest sequence number received           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      interarrival jitter                      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         last SR (LSR)                         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   delay since last SR (DLSR)                  |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// </code>
/// </summary>
public readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    /// <summary>Largest and smallest values of the signed 24-bit cumulative-loss field (RFC 3550 A.3 clamps to these).</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;

    public const int MinCumulativeLost = -0x800000;

    /// <summary>Reads a block from exactly-or-more than 24 bytes (the caller has checked the length).</summary>
    public static ReportBlock Read(ReadOnlySpan<byte> source)
    {
        // The cumulative loss is a signed 24-bit integer (RFC 3550 §6.4.1: duplicates can make it negative).
        int lost = (source[5] << 16) | (source[6] << 8) | source[7];
        if ((lost & 0x800000) != 0)
        {
            lost |= unchecked((int)0xFF000000);
        }

        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(8)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(12)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(16)),
            BinaryPrimitives.ReadUInt32BigEndian(source.Slice(20)));
    }

    /// <summary>Writes the 24 bytes; the cumulative loss is clamped to the signed 24-bit range.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        int lost = Math.Clamp(CumulativeLost, MinCumulativeLost, MaxCumulativeLost);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), ExtendedHighestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20), DelaySinceLastSenderReport);
    }
}
