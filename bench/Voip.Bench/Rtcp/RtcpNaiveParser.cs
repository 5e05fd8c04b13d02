using System.Buffers.Binary;

namespace Voip.Bench.Rtcp;

/// <summary>
/// The obvious object-per-packet way to read RTCP (a copy of each packet and a list of results), as a
/// baseline for the span views: what a parser looks like when allocation is not a concern.
/// </summary>
internal static class RtcpNaiveParser
{
    public static List<(byte Type, byte[] Body)> SplitCompound(byte[] buffer)
    {
        var packets = new List<(byte, byte[])>();
        int offset = 0;
        while (offset + 4 <= buffer.Length)
        {
            int size = (BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(offset + 2)) + 1) * 4;
            if (offset + size > buffer.Length)
            {
                break;
            }

            packets.Add((buffer[offset + 1], buffer.AsSpan(offset + 4, size - 4).ToArray()));
            offset += size;
        }

        return packets;
    }

    public static List<(ushort Sequence, bool Received, int Delta)> DecodeTwcc(byte[] body)
    {
        ushort baseSeq = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(8));
        int count = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(10));
        var symbols = new List<int>();
        int offset = 16;
        while (symbols.Count < count)
        {
            int chunk = BinaryPrimitives.ReadUInt16BigEndian(body.AsSpan(offset));
            offset += 2;
            if ((chunk & 0x8000) == 0)
            {
                for (int i = 0; i < (chunk & 0x1FFF); i++)
                {
                    symbols.Add((chunk >> 13) & 3);
                }
            }
            else if ((chunk & 0x4000) == 0)
            {
                for (int i = 0; i < 14; i++)
                {
                    symbols.Add((chunk >> (13 - i)) & 1);
                }
            }
            else
            {
                for (int i = 0; i < 7; i++)
                {
                    symbols.Add((chunk >> (2 * (6 - i))) & 3);
                }
            }
        }

        var result = new List<(ushort, bool, int)>();
        for (int i = 0; i < count; i++)
        {
            int delta = 0;
            if (symbols[i] == 1)
            {
                delta = body[offset++];
            }
            else if (symbols[i] == 2)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(body.AsSpan(offset));
                offset += 2;
            }

            result.Add(((ushort)(baseSeq + i), symbols[i] != 0, delta));
        }

        return result;
    }
}
