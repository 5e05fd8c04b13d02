using System.Net;
using System.Net.Sockets;
using Voip.Media.Net;

namespace Voip.Media.Tests.Net;

public class SocketAddressConverterTests
{
    [TestCase("127.0.0.1", 5004)]
    [TestCase("203.0.113.9", 65535)]
    [TestCase("::1", 1)]
    [TestCase("2001:db8::17", 3478)]
    public void RoundTripsThroughTheSocketsOwnFamily(string address, int port)
    {
        var ip = IPAddress.Parse(address);
        UdpEndpoint endpoint = UdpEndpoint.FromIPEndPoint(new IPEndPoint(ip, port));
        SocketAddress socketAddress = SocketAddressConverter.Create(ip.AddressFamily);

        Assert.That(SocketAddressConverter.TryWrite(endpoint, socketAddress), Is.True);
        Assert.That(SocketAddressConverter.ToEndpoint(socketAddress), Is.EqualTo(endpoint));
        Assert.That(socketAddress, Is.EqualTo(new IPEndPoint(ip, port).Serialize()), "matches the runtime's own encoding");
    }

    [Test]
    public void IPv4PeerOnIPv6SocketIsWrittenMapped()
    {
        UdpEndpoint endpoint = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 40000));
        SocketAddress socketAddress = SocketAddressConverter.Create(AddressFamily.InterNetworkV6);

        Assert.That(SocketAddressConverter.TryWrite(endpoint, socketAddress), Is.True);
        var mapped = new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 40000);
        Assert.That(socketAddress, Is.EqualTo(mapped.Serialize()));
        Assert.That(SocketAddressConverter.ToEndpoint(socketAddress), Is.EqualTo(endpoint), "mapped reads back as IPv4");
    }

    [Test]
    public void IPv6PeerCannotBeWrittenForIPv4Socket()
    {
        UdpEndpoint endpoint = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.IPv6Loopback, 1));
        Assert.That(SocketAddressConverter.TryWrite(endpoint, SocketAddressConverter.Create(AddressFamily.InterNetwork)), Is.False);
    }
}
