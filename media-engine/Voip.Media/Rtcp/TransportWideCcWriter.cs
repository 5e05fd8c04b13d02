using System.Buffers.Binary;

namespace Voip.Media.Rtcp;

/// <summary>
/// Builds TWCC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from the packets a
/// receiver saw. <see cref="Arrivals"/> must be in ascending transport-wide sequence order (wrap allowed,
/// no duplicates); gaps are reported as not received. The base sequence number is the first arrival's, or
/// <see cref="LeadingLost"/> before it (those packets reported not received: a loss right after the previous
/// feedback's last packet is then reported too),
/// the reference time is its arrival time floored to 64 ms, and arrival times are rounded to 250 µs
/// ticks, deltas taken between rounded times so errors do not accumulate.
/// <see cref="TryWrite"/> fails if a delta does not fit 16 bits (±8.19 s) or the sequence span is
/// beyond 32767: the caller then sends what came before as one feedback and starts another.
/// Chunks are chosen greedily: run-length for runs of 14+ (or any run ending the list), a one-bit
/// vector when the next 14 symbols need no large delta, otherwise run-length for 7+ or a two-bit vector.
/// </summary>
public ref struct TransportWideCcWriter
{
    public uint SenderSsrc;
    public uint MediaSsrc;
    public byte FeedbackPacketCount;

    public ReadOnlySpan<TransportWideCcArrival> Arrivals;

    /// <summary>Packets before the first arrival to report as not received (the base sequence number moves back by this many).</summary>
    public ushort LeadingLost;

    private readonly ushort BaseSequenceNumber => (ushort)(Arrivals[0].SequenceNumber - LeadingLost);

    /// <summary>The size of the packet, padding included; 0 when <see cref="Arrivals"/> cannot be encoded.</summary>
    public readonly int GetSize()
    {
        if (!Measure(out int chunks, out int deltaBytes))
        {
            return 0;
        }

        return (TransportWideCc.FixedLength + (2 * chunks) + deltaBytes + 3) & ~3;
    }

    public readonly bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (!Measure(out int chunkCount, out int deltaBytes))
        {
            return false;
        }

        int unpadded = TransportWideCc.FixedLength + (2 * chunkCount) + deltaBytes;
        int size = (unpadded + 3) & ~3;
        if (destination.Length < size)
        {
            return false;
        }

        ReadOnlySpan<TransportWideCcArrival> arrivals = Arrivals;
        ushort baseSeq = BaseSequenceNumber;
        int count = (ushort)(arrivals[^1].SequenceNumber - baseSeq) + 1;
        long reference = FloorDiv(arrivals[0].ArrivalTimeMicroseconds, 64_000);

        RtcpPacket.WriteHeader(destination, RtcpFeedbackFormat.TransportWideCc, RtcpPacketType.TransportFeedback, size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), baseSeq);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), (ushort)count);
        destination[16] = (byte)(reference >> 16);
        destination[17] = (byte)(reference >> 8);
        destination[18] = (byte)reference;
        destination[19] = FeedbackPacketCount;

        EncodeChunks(destination.Slice(TransportWideCc.FixedLength, 2 * chunkCount));

        // Receive deltas, in arrival (= sequence) order.
        int offset = TransportWideCc.FixedLength + (2 * chunkCount);
        long previous = reference * 256;
        foreach (TransportWideCcArrival arrival in arrivals)
        {
            long ticks = Ticks(arrival.ArrivalTimeMicroseconds);
            int delta = (int)(ticks - previous);
            previous = ticks;
            if (delta is >= 0 and <= 255)
            {
                destination[offset++] = (byte)delta;
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(destination.Slice(offset), (short)delta);
                offset += 2;
            }
        }

        if (size > unpadded)
        {
            // RFC 3550 §6.4.1 padding: zeros, the last byte counting them; P bit set.
            destination.Slice(unpadded, size - unpadded).Clear();
            destination[size - 1] = (byte)(size - unpadded);
            destination[0] |= 0x20;
        }

        written = size;
        return true;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

    private static long Ticks(long microseconds) => FloorDiv(microseconds + 125, 250);

    /// <summary>Checks the arrivals and counts chunks and delta bytes.</summary>
    private readonly bool Measure(out int chunkCount, out int deltaBytes)
    {
        chunkCount = 0;
        deltaBytes = 0;
        ReadOnlySpan<TransportWideCcArrival> arrivals = Arrivals;
        if (arrivals.IsEmpty)
        {
            return false;
        }

        ushort baseSeq = BaseSequenceNumber;
        long previous = FloorDiv(arrivals[0].ArrivalTimeMicroseconds, 64_000) * 256;
        int lastOffset = -1;
        foreach (TransportWideCcArrival arrival in arrivals)
        {
            int seqOffset = (ushort)(arrival.SequenceNumber - baseSeq);
            if (seqOffset <= lastOffset || seqOffset > short.MaxValue)
            {
                return false;
            }

            lastOffset = seqOffset;
            long ticks = Ticks(arrival.ArrivalTimeMicroseconds);
            long delta = ticks - previous;
            previous = ticks;
            if (delta is < short.MinValue or > short.MaxValue)
            {
                return false;
            }

            deltaBytes += delta is >= 0 and <= 255 ? 1 : 2;
        }

        chunkCount = EncodeChunks(default);
        return true;
    }

    /// <summary>Returns the symbol at sequence offset <paramref name="k"/>; <paramref name="index"/> is the first arrival at or after it.</summary>
    private readonly int Symbol(int k, ref int index)
    {
        ReadOnlySpan<TransportWideCcArrival> arrivals = Arrivals;
        ushort baseSeq = BaseSequenceNumber;
        if ((ushort)(arrivals[index].SequenceNumber - baseSeq) != k)
        {
            return 0;
        }

        long previous = index == 0
            ? FloorDiv(arrivals[0].ArrivalTimeMicroseconds, 64_000) * 256
            : Ticks(arrivals[index - 1].ArrivalTimeMicroseconds);
        long delta = Ticks(arrivals[index].ArrivalTimeMicroseconds) - previous;
        index = Math.Min(index + 1, arrivals.Length - 1);
        return delta is >= 0 and <= 255 ? 1 : 2;
    }

    /// <summary>Encodes the status chunks into <paramref name="destination"/> (or only counts them when it is empty).</summary>
    private readonly int EncodeChunks(Span<byte> destination)
    {
        ReadOnlySpan<TransportWideCcArrival> arrivals = Arrivals;
        int count = (ushort)(arrivals[^1].SequenceNumber - BaseSequenceNumber) + 1;
        int chunks = 0;
        int k = 0;
        int index = 0;
        while (k < count)
        {
            int remaining = count - k;

            // Length of the run of equal symbols starting at k (at most 8191, the 13-bit field).
            int probe = index;
            int first = Symbol(k, ref probe);
            int run = 1;
            bool onlySmall = first <= 1;
            int afterRun = probe;
            while (run < remaining && run < 0x1FFF)
            {
                int p = afterRun;
                if (Symbol(k + run, ref p) != first)
                {
                    break;
                }

                afterRun = p;
                run++;
            }

            int chunk;
            int covered;
            if (run >= 14 || run == remaining)
            {
                chunk = (first << 13) | run;
                covered = run;
                index = afterRun;
            }
            else
            {
                // Does a one-bit vector hold the next 14 (or all remaining) symbols?
                int n14 = Math.Min(14, remaining);
                probe = index;
                int vector = 0;
                for (int i = 0; i < n14; i++)
                {
                    int s = Symbol(k + i, ref probe);
                    if (s > 1)
                    {
                        onlySmall = false;
                        break;
                    }

                    vector |= s << (13 - i);
                }

                if (onlySmall)
                {
                    chunk = 0x8000 | vector;
                    covered = n14;
                    index = probe;
                }
                else if (run >= 7)
                {
                    chunk = (first << 13) | run;
                    covered = run;
                    index = afterRun;
                }
                else
                {
                    int n7 = Math.Min(7, remaining);
                    probe = index;
                    vector = 0;
                    for (int i = 0; i < n7; i++)
                    {
                        vector |= Symbol(k + i, ref probe) << (2 * (6 - i));
                    }

                    chunk = 0xC000 | vector;
                    covered = n7;
                    index = probe;
                }
            }

            if (!destination.IsEmpty)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2 * chunks), (ushort)chunk);
            }

            chunks++;
            k += covered;
        }

        return chunks;
    }
}
