using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Builds a REMB (draft-alvestrand-rmcat-remb-03 §2.2). The bitrate is encoded with the smallest
/// exponent whose 18-bit mantissa holds it, rounding down (a receiver must not be told more than it can take).
/// </summary>
public ref struct ReceiverEstimatedMaxBitrateWriter
{
    public uint SenderSsrc;

    /// <summary>Bits per second.</summary>
    public ulong Bitrate;

    /// <summary>The SSRCs the estimate applies to (up to 255).</summary>
    public ReadOnlySpan<uint> Ssrcs;

    public readonly int GetSize() => ReceiverEstimatedMaxBitrate.FixedLength + (4 * Ssrcs.Length);

    /// <summary>Splits a bitrate into (exp, mantissa) with mantissa &lt; 2^18, rounding down.</summary>
    public static void Encode(ulong bitrate, out int exponent, out uint mantissa)
    {
        exponent = 0;
        while (bitrate >= (1UL << 18))
        {
            bitrate >>= 1;
            exponent++;
        }

        mantissa = (uint)bitrate;
    }

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int size = GetSize();
        if (Ssrcs.Length > 255 || destination.Length < size)
        {
            return false;
        }

        Encode(Bitrate, out int exp, out uint mantissa);
        RtcpPacket.WriteHeader(destination, RtcpFeedbackFormat.ApplicationLayer, RtcpPacketType.PayloadSpecificFeedback, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), ReceiverEstimatedMaxBitrate.Identifier);
        destination[16] = (byte)Ssrcs.Length;
        destination[17] = (byte)((exp << 2) | (int)(mantissa >> 16));
        destination[18] = (byte)(mantissa >> 8);
        destination[19] = (byte)mantissa;
        for (int i = 0; i < Ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(20 + (4 * i)), Ssrcs[i]);
        }

        written = size;
        return true;
    }
}
