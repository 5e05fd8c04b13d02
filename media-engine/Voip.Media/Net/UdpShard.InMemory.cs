namespace Voip.Media.Net;

// In-memory shards: no socket, no thread. The caller plays both the kernel and the loop — it hands in
// datagrams, ends receive batches and runs idle turns — on its own thread, which is then the shard thread.
// Everything after the receive (handler, send slots, flush bookkeeping, commands, ticks) is the code a
// socket shard runs; only the final sendmmsg(2) is replaced by the sink. Tests and benchmarks use it to
// measure the packet path alone (allocations, CPU per forwarded packet).
public sealed partial class UdpShard
{
    /// <summary>An in-memory shard whose sends go to <paramref name="sink"/>; it cannot be started.</summary>
    internal UdpShard(int index, IDatagramHandler handler, IDatagramSink sink, UdpShardOptions? options = null)
        : this(index, handler, options ?? new UdpShardOptions(), sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
    }

    /// <summary>True for a shard built on an <see cref="IDatagramSink"/> rather than a socket.</summary>
    internal bool IsInMemory => _sink is not null;

    /// <summary>
    /// Delivers one datagram as the loop does after recvmmsg(2): copied into a receive slot (the copy the
    /// kernel makes), then handed to the handler, whose replies queue in the send slots. The first datagram
    /// after <see cref="EndInMemoryBatch"/> opens a new receive batch (latency is measured from there).
    /// </summary>
    internal void ReceiveInMemory(ReadOnlySpan<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        if (_batchReceivedAt == 0)
        {
            MarkBatchReceived();
            _receiveBatches++;
        }

        Span<byte> slot = ReceiveSlot(0);
        bool truncated = datagram.Length >= SlotSize;
        int length = truncated ? SlotSize : datagram.Length;
        datagram[..length].CopyTo(slot);
        Deliver(slot, length, truncated, remote, nowMs);
    }

    /// <summary>Ends a receive batch as the loop does: flush the sends, then commands and (when due) the tick.</summary>
    internal void EndInMemoryBatch(long nowMs)
    {
        FlushSends();
        EndBatchReceived();
        BetweenBatches(nowMs);
    }

    /// <summary>An idle turn of the loop (no datagrams): queued commands, the tick when due, and their sends.</summary>
    internal void RunInMemoryTurn(long nowMs) => BetweenBatches(nowMs);

    private void FlushToSink(int count)
    {
        IDatagramSink sink = _sink!;
        for (int i = 0; i < count; i++)
        {
            int length = _sendLengths[i];
            sink.OnSend(SendSlot(i)[..length], _sendTo[i]);
            _datagramsSent++;
            _bytesSent += length;
        }
    }
}
