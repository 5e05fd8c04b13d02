using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>Builds an SDES packet with one chunk carrying a CNAME (RFC 3550 §6.5.1), which is all an SFU sends.</summary>
public ref struct SourceDescriptionWriter
{
    public uint Ssrc;

    /// <summary>1..255 bytes of UTF-8.</summary>
    public ReadOnlySpan<byte> Cname;

    // Header 4 + SSRC 4 + item header 2 + text + END 1, rounded up to a word.
    public readonly int GetSize() => (4 + 4 + 2 + Cname.Length + 1 + 3) & ~3;

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (Cname.Length > 255 || destination.Length < size)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, 1, RtcpPacketType.SourceDescription, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), Ssrc);
        destination[8] = (byte)SdesItemType.Cname;
        destination[9] = (byte)Cname.Length;
        Cname.CopyTo(destination.Slice(10));
        destination.Slice(10 + Cname.Length, size - 10 - Cname.Length).Clear();
        written = size;
        return true;
    }
}
