using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>Builds a BYE (RFC 3550 §6.6) for up to 31 sources with an optional reason (≤ 255 bytes).</summary>
public ref struct GoodbyeWriter
{
    public ReadOnlySpan<uint> Ssrcs;

    public ReadOnlySpan<byte> Reason;

    public readonly int GetSize()
    {
        int size = 4 + (4 * Ssrcs.Length);
        return Reason.IsEmpty ? size : (size + 1 + Reason.Length + 3) & ~3;
    }

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (Ssrcs.Length > 31 || Reason.Length > 255 || destination.Length < size)
        {
            return false;
        }

        RtcpPacket.WriteHeader(destination, Ssrcs.Length, RtcpPacketType.Goodbye, size);
        int offset = 4;
        foreach (uint ssrc in Ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(offset), ssrc);
            offset += 4;
        }

        if (!Reason.IsEmpty)
        {
            destination[offset] = (byte)Reason.Length;
            Reason.CopyTo(destination.Slice(offset + 1));
            offset += 1 + Reason.Length;
            destination.Slice(offset, size - offset).Clear();
        }

        written = size;
        return true;
    }
}
