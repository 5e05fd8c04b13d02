using System.Net.Sockets;
using Voip.Media.Net.Linux;

namespace Voip.Media.Net;

// Sends that do not go through the shard's queue: the DTLS handshake thread and other control work.
public sealed unsafe partial class UdpShard
{
    /// <summary>
    /// Sends one datagram right away with its own sendto(2) on the shard's socket; safe from any thread
    /// (the kernel serialises datagram sends on a socket) and allocation-free. Not batched: meant for
    /// low-rate traffic such as DTLS handshakes. Returns false (and counts a send error) when the
    /// datagram was refused or the shard is disposed.
    /// </summary>
    public bool SendFromAnyThread(ReadOnlySpan<byte> data, in UdpEndpoint to)
    {
        if (!CanReach(to))
        {
            Interlocked.Increment(ref _anyThreadSendErrors);
            return false;
        }

        if (_sink is { } sink)
        {
            sink.OnSend(data, to);
            Interlocked.Increment(ref _anyThreadDatagramsSent);
            Interlocked.Add(ref _anyThreadBytesSent, data.Length);
            return true;
        }

        if (!_batchedIo)
        {
            return SendFromAnyThreadPortable(data, to);
        }

        Socket socket = _socket!;
        bool added = false;
        try
        {
            // Holding a reference keeps the descriptor from being closed (and reused) during the call.
            socket.SafeHandle.DangerousAddRef(ref added);
            byte* address = stackalloc byte[AddressSlotSize];
            int addressLength = to.WriteSockAddr(new Span<byte>(address, AddressSlotSize), _isIPv6Socket);
            nint sent;
            fixed (byte* p = data)
            {
                sent = LibC.SendTo((int)socket.SafeHandle.DangerousGetHandle(), p, (nuint)data.Length, LibC.MsgDontWait, address, (uint)addressLength);
            }

            if (sent < 0)
            {
                Interlocked.Increment(ref _anyThreadSendErrors);
                return false;
            }

            Interlocked.Increment(ref _anyThreadDatagramsSent);
            Interlocked.Add(ref _anyThreadBytesSent, sent);
            return true;
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Increment(ref _anyThreadSendErrors);
            return false;
        }
        finally
        {
            if (added)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }
    }
}
