using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

/// <summary>Records each datagram's remote endpoint, then passes it on.</summary>
internal sealed class RecordingHandler(IDatagramHandler inner, List<UdpEndpoint> remotes) : IDatagramHandler
{
    public void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        lock (remotes)
        {
            remotes.Add(remote);
        }

        inner.OnDatagram(shard, datagram, remote, nowMs);
    }

    public void OnTick(UdpShard shard, long nowMs) => inner.OnTick(shard, nowMs);
}
