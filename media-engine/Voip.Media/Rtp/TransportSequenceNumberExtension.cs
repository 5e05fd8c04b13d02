using System.Buffers.Binary;

namespace Voip.Media.Rtp;

/// <summary>Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): 16 bits, per transport.</summary>
public static class TransportSequenceNumberExtension
{
    public const int Length = 2;

    public static bool TryRead(ReadOnlySpan<byte> data, out ushort sequenceNumber)
    {
        // §2 allows a 4-byte variant with feedback-request fields; the number is the first two bytes either way.
        if (data.Length < Length)
        {
            sequenceNumber = 0;
            return false;
        }

        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data);
        return true;
    }

    /// <summary>Overwrites the number in place, for the SFU's own per-transport numbering.</summary>
    public static bool TryWrite(Span<byte> destination, ushort sequenceNumber)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, sequenceNumber);
        return true;
    }
}
