using System.Net;
using System.Net.Sockets;

namespace Voip.Media.Net;

// Portable path (non-Linux, or ForcePortableIo): Socket calls with a reusable SocketAddress, which
// .NET 8+ serves without allocating. The loop sleeps in Socket.Poll, bounded by the tick, which is also
// how quickly Stop and Post are noticed on this path.
//
// The socket is put in non-blocking mode. On Unix, .NET emulates a *blocking* Socket over a non-blocking
// descriptor: sync calls go through SocketAsyncContext, which allocates an operation object whenever its
// speculative fast path misses (measured: 56 B every few thousand datagrams). Non-blocking sync calls go
// straight to the syscall. We only read after Poll/Available said a datagram is waiting, so "would block"
// is a rare race that just ends the batch; on send it means the buffer is full, counted as a drop.
public sealed partial class UdpShard
{
    [ThreadStatic]
    private static SocketAddress? t_anyThreadAddressV4;

    [ThreadStatic]
    private static SocketAddress? t_anyThreadAddressV6;

    private SocketAddress? _receiveAddress;
    private SocketAddress? _sendAddress;

    private void InitializePortableIo()
    {
        Socket socket = _socket!;
        _receiveAddress = SocketAddressConverter.Create(socket.AddressFamily);
        _sendAddress = SocketAddressConverter.Create(socket.AddressFamily);
        socket.Blocking = false;
    }

    private void RunPortable()
    {
        Socket socket = _socket!;
        SocketAddress address = _receiveAddress!;
        Span<byte> slot = ReceiveSlot(0);
        _nextTickMs = Environment.TickCount64 + _tickMs;
        while (!_stopRequested)
        {
            long idleNow = Environment.TickCount64;
            BetweenBatches(idleNow);
            if (_stopRequested)
            {
                break;
            }

            bool readable;
            try
            {
                readable = socket.Poll(SleepBudgetMs(idleNow) * 1000, SelectMode.SelectRead);
            }
            catch (SocketException)
            {
                _receiveErrors++;
                continue;
            }

            if (!readable)
            {
                continue;
            }

            long now = Environment.TickCount64;
            int received = 0;
            do
            {
                int length;
                bool truncated = false;
                try
                {
                    // The slot is larger than MaxDatagramSize, so an oversize datagram shows up as a
                    // longer (or slot-filling, truncated) read on every platform.
                    length = socket.ReceiveFrom(slot, SocketFlags.None, address);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
                {
                    break;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    // Windows reports truncation as an error.
                    length = SlotSize;
                    truncated = true;
                }
                catch (SocketException)
                {
                    _receiveErrors++;
                    break;
                }

                if (received++ == 0)
                {
                    MarkBatchReceived();
                }

                Deliver(slot, length, truncated, SocketAddressConverter.ToEndpoint(address), now);
            }
            while (received < _receiveBatch && socket.Available > 0);

            FlushSends();
            EndBatchReceived();
            if (received > 0)
            {
                _receiveBatches++;
            }
        }
    }

    private void FlushPortable(int count)
    {
        Socket socket = _socket!;
        SocketAddress address = _sendAddress!;
        for (int i = 0; i < count; i++)
        {
            SocketAddressConverter.TryWrite(_sendTo[i], address);
            try
            {
                _bytesSent += socket.SendTo(SendSlot(i)[.._sendLengths[i]], SocketFlags.None, address);
                _datagramsSent++;
            }
            catch (SocketException)
            {
                _sendErrors++;
            }
        }
    }

    private bool SendFromAnyThreadPortable(ReadOnlySpan<byte> data, in UdpEndpoint to)
    {
        SocketAddress address = _isIPv6Socket
            ? t_anyThreadAddressV6 ??= SocketAddressConverter.Create(System.Net.Sockets.AddressFamily.InterNetworkV6)
            : t_anyThreadAddressV4 ??= SocketAddressConverter.Create(System.Net.Sockets.AddressFamily.InterNetwork);
        SocketAddressConverter.TryWrite(to, address);
        try
        {
            int sent = _socket!.SendTo(data, SocketFlags.None, address);
            Interlocked.Increment(ref _anyThreadDatagramsSent);
            Interlocked.Add(ref _anyThreadBytesSent, sent);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _anyThreadSendErrors);
            return false;
        }
    }
}
