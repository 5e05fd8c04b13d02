using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Voip.Media.Net;
using Voip.Media.Net.Linux;
using Voip.Media.Srtp;

namespace Voip.LoadGen;

/// <summary>
/// One generator thread for a group of peers: every millisecond it sends what each of its publishers
/// owes at the configured rate (each packet built and SRTP-protected once, then sent with one
/// sendmmsg(2) to the engine and, as the very same bytes, to the floor forwarder), and in between it
/// reads all its peers' sockets with recvmmsg(2) and hands each datagram to the peer (DTLS, SRTP, checks).
/// </summary>
internal sealed unsafe class IoWorker : IDisposable
{
    private const int Batch = 64;
    private const int Slot = UdpShard.SlotSize;
    private const int AddressSize = 32;
    private const int MaxBurst = 32; // packets per publisher per turn: a stalled turn catches up in steps

    private readonly LoadPeer[] _peers;
    private readonly int[] _fds;
    private readonly Thread _thread;
    private readonly byte[] _memory;
    private readonly MMsgHdr[] _headers;
    private readonly IoVec[] _io;
    private readonly byte[] _addresses;
    private readonly byte[] _plain = new byte[Slot];
    private volatile bool _stop;
    private volatile bool _sending;
    private long _sendStart;
    private double _packetsPerSecond;
    private byte[]? _engineAddress;
    private byte[]? _floorAddress;
    private int _engineAddressLength;
    private int _floorAddressLength;

    public long SendErrors;
    public long ProtectErrors;

    public IoWorker(int index, LoadPeer[] peers)
    {
        _peers = peers;
        _fds = peers.Select(p => (int)p.Client.Socket.SafeHandle.DangerousGetHandle()).ToArray();
        _memory = GC.AllocateArray<byte>(Batch * Slot, pinned: true);
        _headers = GC.AllocateArray<MMsgHdr>(Batch, pinned: true);
        _io = GC.AllocateArray<IoVec>(Batch, pinned: true);
        _addresses = GC.AllocateArray<byte>(Batch * AddressSize, pinned: true);
        _thread = new Thread(Run) { IsBackground = true, Name = $"loadgen-io-{index}" };
    }

    public void Start() => _thread.Start();

    /// <summary>Starts publishing at <paramref name="packetsPerSecond"/> per publisher to the engine and (if given) the floor.</summary>
    public void StartSending(double packetsPerSecond, IPEndPoint engine, IPEndPoint? floor)
    {
        _engineAddress = new byte[AddressSize];
        _engineAddressLength = UdpEndpoint.FromIPEndPoint(engine).WriteSockAddr(_engineAddress);
        if (floor is not null)
        {
            _floorAddress = new byte[AddressSize];
            _floorAddressLength = UdpEndpoint.FromIPEndPoint(floor).WriteSockAddr(_floorAddress);
        }

        _packetsPerSecond = packetsPerSecond;
        _sendStart = Stopwatch.GetTimestamp();
        _sending = true;
    }

    public void StopSending() => _sending = false;

    private static byte* Pointer(byte[] array) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));

    private void Run()
    {
        var fds = stackalloc PollFd[_fds.Length];
        for (int i = 0; i < _fds.Length; i++)
        {
            fds[i].Fd = _fds[i];
            fds[i].Events = LibC.PollIn;
        }

        long tick = Stopwatch.Frequency / 1000;
        long nextSend = Stopwatch.GetTimestamp();
        while (!_stop)
        {
            long now = Stopwatch.GetTimestamp();
            if (_sending && now >= nextSend)
            {
                SendDue(now);
                nextSend = now + tick;
            }

            for (int i = 0; i < _fds.Length; i++)
            {
                fds[i].ReturnedEvents = 0;
            }

            int timeout = _sending ? (int)Math.Clamp((nextSend - Stopwatch.GetTimestamp()) / tick, 0, 1) : 5;
            int ready = LibC.Poll(fds, (nuint)_fds.Length, timeout);
            if (ready <= 0)
            {
                continue;
            }

            for (int i = 0; i < _fds.Length; i++)
            {
                if (fds[i].ReturnedEvents != 0)
                {
                    Drain(i);
                }
            }
        }
    }

    private void Drain(int peer)
    {
        byte* memory = Pointer(_memory);
        fixed (MMsgHdr* headers = _headers)
        fixed (IoVec* io = _io)
        {
            int n;
            do
            {
                for (int i = 0; i < Batch; i++)
                {
                    io[i].Base = memory + (i * Slot);
                    io[i].Length = Slot;
                    headers[i].Header = default;
                    headers[i].Header.Iov = io + i;
                    headers[i].Header.IovLength = 1;
                }

                n = LibC.RecvMmsg(_fds[peer], headers, Batch, LibC.MsgDontWait, null);
                for (int i = 0; i < n; i++)
                {
                    _peers[peer].Client.HandleDatagram(new Span<byte>(memory + (i * Slot), (int)headers[i].Length));
                }
            }
            while (n == Batch);
        }
    }

    private void SendDue(long now)
    {
        double elapsed = (double)(now - _sendStart) / Stopwatch.Frequency;
        long owed = (long)(elapsed * _packetsPerSecond);
        byte* memory = Pointer(_memory);
        byte* addresses = Pointer(_addresses);
        byte* engine = Pointer(_engineAddress!);
        byte* floor = _floorAddress is null ? null : Pointer(_floorAddress);
        int copies = floor is null ? 1 : 2;
        fixed (MMsgHdr* headers = _headers)
        fixed (IoVec* io = _io)
        {
            for (int p = 0; p < _peers.Length; p++)
            {
                LoadPeer peer = _peers[p];
                if (peer.PublishSsrc == 0)
                {
                    continue;
                }

                int count = 0;
                while (peer.Sent < owed && count + copies <= Batch && count < MaxBurst * copies)
                {
                    int plainLength = RtpPacketBuilder.Write(_plain, peer.Video, peer.PublishSsrc, peer.Sent, peer.PayloadLength);
                    var slot = new Span<byte>(memory + (count * Slot), Slot);
                    if (peer.Client.ProtectRtp(_plain.AsSpan(0, plainLength), slot, out int length) != SrtpResult.Ok)
                    {
                        ProtectErrors++;
                        peer.Sent++;
                        continue;
                    }

                    // The same protected bytes go to the engine and to the floor: two headers, one buffer.
                    for (int c = 0; c < copies; c++)
                    {
                        int k = count + c;
                        io[k].Base = memory + (count * Slot);
                        io[k].Length = (nuint)length;
                        headers[k].Header = default;
                        headers[k].Header.Iov = io + k;
                        headers[k].Header.IovLength = 1;
                        byte* address = addresses + (k * AddressSize);
                        Buffer.MemoryCopy(c == 0 ? engine : floor, address, AddressSize, AddressSize);
                        headers[k].Header.Name = address;
                        headers[k].Header.NameLength = (uint)(c == 0 ? _engineAddressLength : _floorAddressLength);
                    }

                    count += copies;
                    peer.Sent++;
                }

                int offset = 0;
                while (offset < count)
                {
                    int sent = LibC.SendMmsg(_fds[p], headers + offset, (uint)(count - offset), 0);
                    if (sent <= 0)
                    {
                        SendErrors += count - offset;
                        break;
                    }

                    offset += sent;
                }
            }
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
