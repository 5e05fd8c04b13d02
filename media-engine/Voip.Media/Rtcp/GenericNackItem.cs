namespace Voip.Media.Rtcp;

/// <summary>
/// One Generic NACK FCI entry (RFC 4585 §6.2.1): packet <see cref="PacketId"/> is lost, and bit i of
/// <see cref="LostBitmask"/> (LSB = bit 0) means PID + i + 1 is lost too. Sequence numbers wrap mod 2^16.
/// </summary>
public readonly record struct GenericNackItem(ushort PacketId, ushort LostBitmask)
{
    /// <summary>How many sequence numbers this entry reports (1..17).</summary>
    public int LostCount => 1 + System.Numerics.BitOperations.PopCount(LostBitmask);

    public bool Contains(ushort sequenceNumber)
    {
        int distance = (ushort)(sequenceNumber - PacketId);
        return distance == 0 || (distance <= 16 && (LostBitmask & (1 << (distance - 1))) != 0);
    }

    /// <summary>Writes the lost sequence numbers in order; returns how many (needs up to 17 slots).</summary>
    public int CopyLostSequenceNumbers(Span<ushort> destination)
    {
        int n = 0;
        destination[n++] = PacketId;
        for (int bit = 0; bit < 16; bit++)
        {
            if ((LostBitmask & (1 << bit)) != 0)
            {
                destination[n++] = (ushort)(PacketId + bit + 1);
            }
        }

        return n;
    }

    /// <summary>
    /// Packs sequence numbers, given in ascending RTP order (wrap allowed, duplicates skipped), into
    /// entries. Returns how many entries were written, or how many are needed when
    /// <paramref name="destination"/> is empty.
    /// </summary>
    public static int Pack(ReadOnlySpan<ushort> lost, Span<GenericNackItem> destination)
    {
        int count = 0;
        int i = 0;
        while (i < lost.Length)
        {
            ushort pid = lost[i];
            ushort blp = 0;
            i++;
            while (i < lost.Length)
            {
                int distance = (ushort)(lost[i] - pid);
                if (distance == 0)
                {
                    i++;
                    continue;
                }

                if (distance > 16)
                {
                    break;
                }

                blp |= (ushort)(1 << (distance - 1));
                i++;
            }

            if (!destination.IsEmpty)
            {
                destination[count] = new GenericNackItem(pid, blp);
            }

            count++;
        }

        return count;
    }
}
