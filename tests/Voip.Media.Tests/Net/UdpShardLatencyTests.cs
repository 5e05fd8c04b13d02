using System.Net;
using System.Net.Sockets;
using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

[TestFixture(false)]
[TestFixture(true)]
public class UdpShardLatencyTests
{
    private readonly bool _portable;

    public UdpShardLatencyTests(bool portable) => _portable = portable;

    [Test]
    public void EchoedRtp_IsCountedAsForwarded_AndHasALatency()
    {
        if (!_portable && !OperatingSystem.IsLinux())
        {
            Assert.Ignore("recvmmsg/sendmmsg path exists only on Linux.");
        }

        using var shard = new UdpShard(0, new IPEndPoint(IPAddress.Loopback, 0), new EchoHandler(), new UdpShardOptions { ForcePortableIo = _portable });
        shard.Start();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        client.ReceiveTimeout = 2000;

        var rtp = new byte[200];
        rtp[0] = 0x80;
        rtp[1] = 96;      // RTP payload type: counted
        var rtcp = new byte[64];
        rtcp[0] = 0x80;
        rtcp[1] = 200;    // RTCP SR (RFC 5761 §4): echoed, timed, not counted as a forwarded RTP packet
        var stun = new byte[20]; // first byte 0: STUN range, not RTP

        const int count = 200;
        var buffer = new byte[2048];
        for (int i = 0; i < count; i++)
        {
            client.SendTo(i % 10 == 0 ? rtcp : i % 10 == 1 ? stun : rtp, shard.LocalEndPoint);
            client.Receive(buffer); // one at a time keeps the socket buffers out of the measured time
        }

        // The shard counts a send after its sendmmsg returns, which can be just after the echo arrived here.
        const int expected = count * 8 / 10;
        SpinWait.SpinUntil(() => shard.ForwardedPackets >= expected, 2000);
        Assert.Multiple(() =>
        {
            Assert.That(shard.ForwardedPackets, Is.EqualTo(expected));
            double p50 = shard.ForwardLatencyMicroseconds(0.5);
            double p99 = shard.ForwardLatencyMicroseconds(0.99);
            Assert.That(p50, Is.GreaterThan(0));
            Assert.That(p99, Is.GreaterThanOrEqualTo(p50));
            Assert.That(p99, Is.LessThan(1_000_000), "a receive-to-send time of over a second on loopback");
        });
    }
}
