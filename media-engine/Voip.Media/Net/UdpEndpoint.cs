using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Voip.Media.Net;

/// <summary>
/// A UDP peer address as a small value type: usable as a dictionary key and copied around the
/// packet path without allocating (unlike <see cref="IPEndPoint"/>). IPv4 addresses are kept as
/// IPv4 (not mapped) so that an IPv4 peer always compares equal to itself.
/// </summary>
public readonly struct UdpEndpoint : IEquatable<UdpEndpoint>
{
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    // Address in network byte order: IPv4 uses the first 4 bytes of _a.
    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _scopeId;
    private readonly ushort _port;
    private readonly byte _family; // 4 or 6; 0 = none

    private UdpEndpoint(ulong a, ulong b, uint scopeId, ushort port, byte family)
    {
        _a = a;
        _b = b;
        _scopeId = scopeId;
        _port = port;
        _family = family;
    }

    public bool IsNone => _family == 0;

    public bool IsIPv4 => _family == 4;

    public int Port => _port;

    public AddressFamily AddressFamily => _family == 6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    /// <summary>Length in bytes of the raw address: 4 for IPv4, 16 for IPv6.</summary>
    public int AddressLength => _family == 6 ? 16 : 4;

    public static UdpEndpoint FromIPv4(ReadOnlySpan<byte> address, int port)
    {
        Span<byte> tmp = stackalloc byte[8];
        address[..4].CopyTo(tmp);
        return new UdpEndpoint(BinaryPrimitives.ReadUInt64LittleEndian(tmp), 0, 0, (ushort)port, 4);
    }

    public static UdpEndpoint FromIPv6(ReadOnlySpan<byte> address, int port, uint scopeId = 0)
    {
        // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the same peer as a.b.c.d.
        if (address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xff && address[11] == 0xff)
        {
            return FromIPv4(address[12..16], port);
        }

        return new UdpEndpoint(
            BinaryPrimitives.ReadUInt64LittleEndian(address),
            BinaryPrimitives.ReadUInt64LittleEndian(address[8..]),
            scopeId,
            (ushort)port,
            6);
    }

    public static UdpEndpoint FromIPEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out int written);
        return written == 4
            ? FromIPv4(bytes, endPoint.Port)
            : FromIPv6(bytes, endPoint.Port, (uint)endPoint.Address.ScopeId);
    }

    /// <summary>Reads a Linux <c>sockaddr_in</c> / <c>sockaddr_in6</c>.</summary>
    public static UdpEndpoint FromSockAddr(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 16)
        {
            return default;
        }

        ushort family = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
        int port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        if (family == AfInet)
        {
            return FromIPv4(sockaddr.Slice(4, 4), port);
        }

        if (family == AfInet6 && sockaddr.Length >= 28)
        {
            return FromIPv6(sockaddr.Slice(8, 16), port, BinaryPrimitives.ReadUInt32LittleEndian(sockaddr[24..]));
        }

        return default;
    }

    /// <summary>Writes a Linux <c>sockaddr_in</c> (16 bytes) or <c>sockaddr_in6</c> (28 bytes); returns its length.</summary>
    public int WriteSockAddr(Span<byte> destination, bool asIPv6 = false)
    {
        if (_family == 4 && !asIPv6)
        {
            destination[..16].Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], _port);
            WriteAddress(destination.Slice(4, 4));
            return 16;
        }

        destination[..28].Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(destination, AfInet6);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], _port);
        if (_family == 4)
        {
            destination[18] = 0xff;
            destination[19] = 0xff;
            WriteAddress(destination.Slice(20, 4));
        }
        else
        {
            WriteAddress(destination.Slice(8, 16));
            BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], _scopeId);
        }

        return 28;
    }

    /// <summary>Writes the raw address (4 or 16 bytes, network order); returns the count written.</summary>
    public int WriteAddress(Span<byte> destination)
    {
        if (_family == 6)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, _a);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _b);
            return 16;
        }

        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(tmp, _a);
        tmp[..4].CopyTo(destination);
        return 4;
    }

    /// <summary>Allocates: for the control path and logs only.</summary>
    public IPEndPoint ToIPEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        int n = WriteAddress(bytes);
        var address = n == 4 ? new IPAddress(bytes[..4]) : new IPAddress(bytes[..16], _scopeId);
        return new IPEndPoint(address, _port);
    }

    public bool Equals(UdpEndpoint other) =>
        _a == other._a && _b == other._b && _port == other._port && _family == other._family && _scopeId == other._scopeId;

    public override bool Equals(object? obj) => obj is UdpEndpoint other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_a, _b, _port, _family);

    public static bool operator ==(UdpEndpoint left, UdpEndpoint right) => left.Equals(right);

    public static bool operator !=(UdpEndpoint left, UdpEndpoint right) => !left.Equals(right);

    public override string ToString() => _family == 0 ? "none" : ToIPEndPoint().ToString();
}
