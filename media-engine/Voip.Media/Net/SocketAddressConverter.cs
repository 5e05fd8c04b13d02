using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Voip.Media.Net;

/// <summary>
/// Converts between <see cref="UdpEndpoint"/> and a reusable <see cref="SocketAddress"/> without
/// allocating, for the portable I/O path. Only the family field differs between platforms' sockaddr
/// layouts (Linux/Windows: 16-bit family; BSD/macOS: length byte + family byte), and
/// <see cref="SocketAddress"/> handles that one itself. Everything else sits at the same offsets
/// everywhere: port (network order) at 2, IPv4 address at 4, IPv6 address at 8, IPv6 scope id at 24.
/// </summary>
internal static class SocketAddressConverter
{
    public const int IPv4Size = 16;
    public const int IPv6Size = 28;

    public static UdpEndpoint ToEndpoint(SocketAddress address)
    {
        Span<byte> raw = address.Buffer.Span[..address.Size];
        int port = BinaryPrimitives.ReadUInt16BigEndian(raw[2..]);
        return address.Family switch
        {
            AddressFamily.InterNetwork when raw.Length >= IPv4Size => UdpEndpoint.FromIPv4(raw.Slice(4, 4), port),
            AddressFamily.InterNetworkV6 when raw.Length >= IPv6Size =>
                UdpEndpoint.FromIPv6(raw.Slice(8, 16), port, MemoryMarshal.Read<uint>(raw[24..])),
            _ => default,
        };
    }

    /// <summary>
    /// Writes <paramref name="endpoint"/> into <paramref name="address"/>, whose family must be the
    /// socket's (an IPv4 peer is written as an IPv4-mapped IPv6 address on a dual-stack socket).
    /// Returns false when an IPv6 peer cannot be reached from an IPv4 socket.
    /// </summary>
    public static bool TryWrite(in UdpEndpoint endpoint, SocketAddress address)
    {
        Span<byte> raw = address.Buffer.Span;
        if (address.Family == AddressFamily.InterNetwork)
        {
            if (!endpoint.IsIPv4)
            {
                return false;
            }

            raw[2..IPv4Size].Clear();
            BinaryPrimitives.WriteUInt16BigEndian(raw[2..], (ushort)endpoint.Port);
            endpoint.WriteAddress(raw.Slice(4, 4));
            address.Size = IPv4Size;
            return true;
        }

        raw[2..IPv6Size].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(raw[2..], (ushort)endpoint.Port);
        if (endpoint.IsIPv4)
        {
            raw[18] = 0xff;
            raw[19] = 0xff;
            endpoint.WriteAddress(raw.Slice(20, 4));
        }
        else
        {
            // The scope id is not exposed by UdpEndpoint; WriteSockAddr produces the Linux layout whose
            // bytes 2..28 match every platform's sockaddr_in6, so borrow it for address + scope.
            Span<byte> linux = stackalloc byte[IPv6Size];
            endpoint.WriteSockAddr(linux, asIPv6: true);
            linux[8..IPv6Size].CopyTo(raw[8..]);
        }

        address.Size = IPv6Size;
        return true;
    }

    public static SocketAddress Create(AddressFamily family) =>
        new(family, family == AddressFamily.InterNetworkV6 ? IPv6Size : IPv4Size);
}
