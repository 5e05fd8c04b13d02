using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

/// <summary>A handler whose tick always throws.</summary>
internal sealed class ThrowingTickHandler : IDatagramHandler
{
    private long _ticks;

    public long Ticks => Volatile.Read(ref _ticks);

    public void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
    }

    public void OnTick(UdpShard shard, long nowMs)
    {
        Interlocked.Increment(ref _ticks);
        throw new InvalidOperationException("test: tick failure");
    }
}
