using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

/// <summary>Sends each datagram back <see cref="Copies"/> times, tagged with the copy number (an SFU's fan-out).</summary>
internal sealed class FanOutHandler(int copies) : IDatagramHandler
{
    public int Copies => copies;

    public void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        for (int copy = 0; copy < copies; copy++)
        {
            Span<byte> slot = shard.GetSendBuffer();
            datagram.CopyTo(slot);
            slot[1] = (byte)copy;
            shard.CommitSend(datagram.Length, remote);
        }
    }

    public void OnTick(UdpShard shard, long nowMs)
    {
    }
}
