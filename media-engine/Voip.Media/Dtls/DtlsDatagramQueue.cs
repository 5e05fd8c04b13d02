using System.Buffers;
using System.Collections.Concurrent;

namespace Voip.Media.Dtls;

/// <summary>
/// Bounded hand-off of inbound DTLS datagrams from the shard thread (producer, never blocks) to the DTLS thread
/// (consumer, blocks with a timeout). Datagrams are copied into <see cref="ArrayPool{T}"/> buffers because the
/// shard reuses its receive buffer as soon as the call returns. When full, new datagrams are refused: a DTLS
/// handshake needs only a few, and buffering a flood would let a peer grow our memory without bound.
/// </summary>
internal sealed class DtlsDatagramQueue
{
    private readonly ConcurrentQueue<PooledDatagram> _items = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly int _capacity;
    private int _count;
    private volatile bool _completed;

    public DtlsDatagramQueue(int capacity) => _capacity = capacity;

    public int Count => Volatile.Read(ref _count);

    public bool IsCompleted => _completed;

    /// <summary>Copies <paramref name="datagram"/> in; false when full or completed.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_completed)
            return false;
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            return false;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        datagram.CopyTo(buffer);
        _items.Enqueue(new PooledDatagram(buffer, datagram.Length));
        _signal.Release();
        return true;
    }

    /// <summary>
    /// Takes the oldest datagram, waiting up to <paramref name="waitMillis"/> (0 = do not wait) for one.
    /// The caller returns <see cref="PooledDatagram.Buffer"/> to the pool.
    /// </summary>
    public DequeueResult TryDequeue(int waitMillis, out PooledDatagram datagram)
    {
        datagram = default;
        if (_completed)
            return DequeueResult.Completed;
        if (!_signal.Wait(Math.Max(0, waitMillis)))
            return DequeueResult.TimedOut;
        if (_completed)
        {
            // Pass the wake-up on so that any later call sees completion at once too.
            _signal.Release();
            return DequeueResult.Completed;
        }
        // Every Release but Complete's is paired with an Enqueue, so an item is there.
        if (!_items.TryDequeue(out datagram))
            return DequeueResult.TimedOut;
        Interlocked.Decrement(ref _count);
        return DequeueResult.Item;
    }

    /// <summary>Wakes the consumer; from now on it sees <see cref="DequeueResult.Completed"/>.</summary>
    public void Complete()
    {
        if (_completed)
            return;
        _completed = true;
        _signal.Release();
    }

    /// <summary>Returns every queued buffer to the pool.</summary>
    public void Clear()
    {
        while (_items.TryDequeue(out PooledDatagram d))
        {
            Interlocked.Decrement(ref _count);
            ArrayPool<byte>.Shared.Return(d.Buffer);
        }
    }

    internal readonly record struct PooledDatagram(byte[] Buffer, int Length);

    internal enum DequeueResult
    {
        Item,
        TimedOut,
        Completed,
    }
}
