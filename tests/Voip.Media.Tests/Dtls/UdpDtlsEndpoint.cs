using System.Net;
using System.Net.Sockets;
using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

/// <summary>
/// A real UDP socket on 127.0.0.1 for a <see cref="DtlsSession"/>, as the engine would provide: received
/// datagrams go to <see cref="DtlsSession.Enqueue"/>, sends go to the peer (learned from the first datagram
/// when acting as server).
/// </summary>
internal sealed class UdpDtlsEndpoint : IDtlsSender, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _receiver;
    private volatile bool _disposed;
    private volatile EndPoint? _remote;

    public UdpDtlsEndpoint(EndPoint? remote = null)
    {
        _remote = remote;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "test-udp-dtls" };
    }

    public DtlsSession? Session { get; set; }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void StartReceiving() => _receiver.Start();

    public void SendDtls(ReadOnlySpan<byte> datagram)
    {
        EndPoint? remote = _remote;
        if (remote is not null && !_disposed)
            _socket.SendTo(datagram, SocketFlags.None, remote);
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed)
        {
            try
            {
                int n = _socket.ReceiveFrom(buffer, ref any);
                _remote ??= any;
                // RFC 7983 demultiplexing: only DTLS goes to the session.
                if (n > 0 && buffer[0] is >= 20 and <= 63)
                    Session?.Enqueue(buffer.AsSpan(0, n));
            }
            catch (SocketException)
            {
                // ICMP port unreachable after the peer exits, or the socket closed under us.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _socket.Dispose();
    }

    /// <summary>A currently free UDP port on 127.0.0.1 (for a peer that must be told its port up front).</summary>
    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
