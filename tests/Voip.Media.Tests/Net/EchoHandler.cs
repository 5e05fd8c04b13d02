using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

/// <summary>
/// Echoes every datagram back through the zero-copy send slot. Hooks let a test observe or disturb
/// the shard thread without allocating on the steady path.
/// </summary>
internal sealed class EchoHandler : IDatagramHandler
{
    private long _datagrams;
    private long _ticks;

    public long Datagrams => Volatile.Read(ref _datagrams);

    public long Ticks => Volatile.Read(ref _ticks);

    public volatile int ShardThreadId;

    /// <summary>Datagrams starting with this byte make the handler throw (-1: never).</summary>
    public int ThrowOnFirstByte { get; set; } = -1;

    /// <summary>Called on the shard thread with the running datagram count, before echoing.</summary>
    public Action<long>? OnEach { get; set; }

    public void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        ShardThreadId = Environment.CurrentManagedThreadId;
        long n = ++_datagrams;
        OnEach?.Invoke(n);
        if (datagram.Length > 0 && datagram[0] == ThrowOnFirstByte)
        {
            throw new InvalidOperationException("test: handler failure");
        }

        Span<byte> slot = shard.GetSendBuffer();
        datagram.CopyTo(slot);
        shard.CommitSend(datagram.Length, remote);
    }

    public void OnTick(UdpShard shard, long nowMs)
    {
        ShardThreadId = Environment.CurrentManagedThreadId;
        _ticks++;
    }
}
