using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Voip.Media.Tests.Net;

/// <summary>A plain blocking UDP socket playing the remote peer.</summary>
internal sealed class UdpTestClient : IDisposable
{
    private readonly byte[] _buffer = new byte[65536];

    public UdpTestClient(IPAddress bind)
    {
        Socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
            SendBufferSize = 4 * 1024 * 1024,
            ReceiveTimeout = 2000,
        };
        Socket.Bind(new IPEndPoint(bind, 0));
    }

    public Socket Socket { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    public static byte[] Payload(int sequence, int length, byte first = 0x80)
    {
        var payload = new byte[length];
        payload[0] = first;
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(4), sequence);
        for (int i = 8; i < length; i++)
        {
            payload[i] = (byte)(sequence + i);
        }

        return payload;
    }

    public void SendTo(byte[] payload, EndPoint to) => Socket.SendTo(payload, to);

    /// <summary>Receives one datagram, or null after the receive timeout.</summary>
    public byte[]? Receive(out EndPoint from)
    {
        from = new IPEndPoint(Socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            int n = Socket.ReceiveFrom(_buffer, ref from);
            return _buffer.AsSpan(0, n).ToArray();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends <paramref name="count"/> numbered datagrams in windows of <paramref name="window"/> and collects
    /// the echoes; returns the sequence numbers that came back intact.
    /// </summary>
    public HashSet<int> EchoRoundTrip(EndPoint server, int count, int window, int length = 200)
    {
        var back = new HashSet<int>();
        for (int start = 0; start < count; start += window)
        {
            int end = Math.Min(count, start + window);
            for (int i = start; i < end; i++)
            {
                SendTo(Payload(i, length), server);
            }

            for (int i = start; i < end; i++)
            {
                byte[]? echo = Receive(out _);
                if (echo is null)
                {
                    break;
                }

                int sequence = BinaryPrimitives.ReadInt32BigEndian(echo.AsSpan(4));
                if (echo.AsSpan().SequenceEqual(Payload(sequence, length)))
                {
                    back.Add(sequence);
                }
            }
        }

        return back;
    }

    public void Dispose() => Socket.Dispose();
}
