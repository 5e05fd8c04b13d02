using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Voip.Media.Net;
using Voip.Media.Net.Linux;

namespace Voip.Bench.Net;

/// <summary>
/// A load generator that sends a burst with one sendmmsg(2) and collects the echoes with recvmmsg(2),
/// so the client's own per-datagram cost stays small next to the shard under test.
/// </summary>
internal sealed unsafe class MmsgLoadClient : IDisposable
{
    private const int Slot = UdpShard.SlotSize;

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly int _burst;
    private readonly byte[] _memory;
    private readonly MMsgHdr[] _send;
    private readonly MMsgHdr[] _receive;
    private readonly IoVec[] _sendIo;
    private readonly IoVec[] _receiveIo;
    private readonly byte[] _serverAddress;
    private readonly byte[] _receiveAddresses;

    public MmsgLoadClient(IPEndPoint server, int burst, int size)
    {
        _burst = burst;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
            SendBufferSize = 4 * 1024 * 1024,
        };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _fd = (int)_socket.SafeHandle.DangerousGetHandle();

        _memory = GC.AllocateArray<byte>(2 * burst * Slot, pinned: true);
        _send = GC.AllocateArray<MMsgHdr>(burst, pinned: true);
        _receive = GC.AllocateArray<MMsgHdr>(burst, pinned: true);
        _sendIo = GC.AllocateArray<IoVec>(burst, pinned: true);
        _receiveIo = GC.AllocateArray<IoVec>(burst, pinned: true);
        _serverAddress = GC.AllocateArray<byte>(32, pinned: true);
        _receiveAddresses = GC.AllocateArray<byte>(burst * 32, pinned: true);
        int addressLength = UdpEndpoint.FromIPEndPoint(server).WriteSockAddr(_serverAddress);

        byte* memory = Pointer(_memory);
        for (int i = 0; i < burst; i++)
        {
            new Span<byte>(memory + (i * Slot), size).Fill((byte)i);
            _sendIo[i].Base = memory + (i * Slot);
            _sendIo[i].Length = (nuint)size;
            _send[i].Header.Name = Pointer(_serverAddress);
            _send[i].Header.NameLength = (uint)addressLength;
            _send[i].Header.Iov = Pointer(_sendIo) + i;
            _send[i].Header.IovLength = 1;

            _receiveIo[i].Base = memory + ((burst + i) * Slot);
            _receiveIo[i].Length = Slot;
            _receive[i].Header.Name = Pointer(_receiveAddresses) + (i * 32);
            _receive[i].Header.Iov = Pointer(_receiveIo) + i;
            _receive[i].Header.IovLength = 1;
        }
    }

    /// <summary>Sends one burst and waits for its echoes; returns how many came back.</summary>
    public int RoundTrip(int timeoutMs = 1000)
    {
        MMsgHdr* send = Pointer(_send);
        int sent = 0;
        while (sent < _burst)
        {
            int n = LibC.SendMmsg(_fd, send + sent, (uint)(_burst - sent), 0);
            if (n <= 0)
            {
                throw new InvalidOperationException($"sendmmsg failed: errno {Marshal.GetLastPInvokeError()}");
            }

            sent += n;
        }

        MMsgHdr* receive = Pointer(_receive);
        PollFd poll = new() { Fd = _fd, Events = LibC.PollIn };
        int received = 0;
        while (received < _burst)
        {
            for (int i = received; i < _burst; i++)
            {
                receive[i].Header.NameLength = 32;
            }

            int n = LibC.RecvMmsg(_fd, receive + received, (uint)(_burst - received), LibC.MsgDontWait, null);
            if (n > 0)
            {
                received += n;
                continue;
            }

            poll.ReturnedEvents = 0;
            if (LibC.Poll(&poll, 1, timeoutMs) == 0)
            {
                break; // lost datagrams: report what arrived
            }
        }

        return received;
    }

    public void Dispose() => _socket.Dispose();

    private static T* Pointer<T>(T[] array)
        where T : unmanaged => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
}
