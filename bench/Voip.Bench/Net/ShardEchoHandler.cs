using Voip.Media.Net;

namespace Voip.Bench.Net;

/// <summary>Echoes through the zero-copy send slot, as the SFU forwards a packet.</summary>
internal sealed class ShardEchoHandler : IDatagramHandler
{
    public void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        datagram.CopyTo(shard.GetSendBuffer());
        shard.CommitSend(datagram.Length, remote);
    }

    public void OnTick(UdpShard shard, long nowMs)
    {
    }
}
