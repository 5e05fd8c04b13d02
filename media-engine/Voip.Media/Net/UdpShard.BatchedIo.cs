using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Voip.Media.Net.Linux;

namespace Voip.Media.Net;

// Linux path: recvmmsg(2)/sendmmsg(2) over pinned message vectors, poll(2) on socket + eventfd(2).
public sealed unsafe partial class UdpShard
{
    private MMsgHdr* _receiveHeaders;
    private MMsgHdr* _sendHeaders;
    private byte* _receiveAddresses;
    private byte* _sendAddresses;
    private SafeFileHandle? _eventFd;

    // Pinned backing arrays; the fields above point into them, so they are kept reachable here.
    private MMsgHdr[]? _receiveHeaderArray;
    private MMsgHdr[]? _sendHeaderArray;
    private IoVec[]? _receiveIoArray;
    private IoVec[]? _sendIoArray;
    private byte[]? _addressArray;

    private void InitializeBatchedIo()
    {
        int fd = LibC.EventFd(0, LibC.EfdNonBlock | LibC.EfdCloExec);
        if (fd < 0)
        {
            throw new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError(), "eventfd failed");
        }

        _eventFd = new SafeFileHandle(fd, ownsHandle: true);

        _receiveHeaderArray = GC.AllocateArray<MMsgHdr>(_receiveBatch, pinned: true);
        _sendHeaderArray = GC.AllocateArray<MMsgHdr>(_sendBatch, pinned: true);
        _receiveIoArray = GC.AllocateArray<IoVec>(_receiveBatch, pinned: true);
        _sendIoArray = GC.AllocateArray<IoVec>(_sendBatch, pinned: true);
        _addressArray = GC.AllocateArray<byte>((_receiveBatch + _sendBatch) * AddressSlotSize, pinned: true);

        _receiveHeaders = (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_receiveHeaderArray));
        _sendHeaders = (MMsgHdr*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendHeaderArray));
        IoVec* receiveIo = (IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_receiveIoArray));
        IoVec* sendIo = (IoVec*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_sendIoArray));
        _receiveAddresses = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_addressArray));
        _sendAddresses = _receiveAddresses + (_receiveBatch * AddressSlotSize);

        for (int i = 0; i < _receiveBatch; i++)
        {
            receiveIo[i].Base = _slotBase + (i * SlotSize);
            receiveIo[i].Length = SlotSize;
            _receiveHeaders[i].Header.Name = _receiveAddresses + (i * AddressSlotSize);
            _receiveHeaders[i].Header.Iov = receiveIo + i;
            _receiveHeaders[i].Header.IovLength = 1;
        }

        for (int i = 0; i < _sendBatch; i++)
        {
            sendIo[i].Base = _slotBase + ((_receiveBatch + i) * SlotSize);
            _sendHeaders[i].Header.Name = _sendAddresses + (i * AddressSlotSize);
            _sendHeaders[i].Header.Iov = sendIo + i;
            _sendHeaders[i].Header.IovLength = 1;
        }
    }

    private void ReleaseBatchedIo() => _eventFd?.Dispose();

    private void RunBatched()
    {
        int fd = (int)_socket!.SafeHandle.DangerousGetHandle();
        int eventFd = (int)_eventFd!.DangerousGetHandle();
        PollFd* fds = stackalloc PollFd[2];
        fds[0].Fd = fd;
        fds[0].Events = LibC.PollIn;
        fds[1].Fd = eventFd;
        fds[1].Events = LibC.PollIn;

        _nextTickMs = Environment.TickCount64 + _tickMs;
        int used = _receiveBatch;
        bool tryReceive = true;
        while (!_stopRequested)
        {
            if (tryReceive)
            {
                // The kernel overwrites the name length and flags of every entry it fills.
                for (int i = 0; i < used; i++)
                {
                    _receiveHeaders[i].Header.NameLength = AddressSlotSize;
                    _receiveHeaders[i].Header.Flags = 0;
                }

                int n = LibC.RecvMmsg(fd, _receiveHeaders, (uint)_receiveBatch, LibC.MsgDontWait, null);
                if (n > 0)
                {
                    long now = Environment.TickCount64;
                    MarkBatchReceived();
                    _receiveBatches++;
                    for (int i = 0; i < n; i++)
                    {
                        ref MMsgHdr h = ref _receiveHeaders[i];
                        var remote = UdpEndpoint.FromSockAddr(new ReadOnlySpan<byte>(h.Header.Name, (int)h.Header.NameLength));
                        Deliver(ReceiveSlot(i), (int)h.Length, (h.Header.Flags & LibC.MsgTrunc) != 0, remote, now);
                    }

                    used = n;
                    FlushSends();
                    EndBatchReceived();
                    BetweenBatches(now);

                    // A short batch means the queue is (almost surely) empty: sleep in poll rather than
                    // spend a recvmmsg on EAGAIN. A full batch means more is waiting: read again at once.
                    tryReceive = n == _receiveBatch;
                    continue;
                }

                // A failed call fills no entry, so the ones reset above are still ready for the next call.
                used = 0;
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno != LibC.EAgain && errno != LibC.EIntr)
                    {
                        _receiveErrors++;
                    }
                }
            }

            long idleNow = Environment.TickCount64;
            BetweenBatches(idleNow);
            if (_stopRequested)
            {
                break;
            }

            fds[0].ReturnedEvents = 0;
            fds[1].ReturnedEvents = 0;
            int ready = LibC.Poll(fds, 2, SleepBudgetMs(idleNow));
            if (ready > 0)
            {
                if (fds[1].ReturnedEvents != 0)
                {
                    ulong value;
                    LibC.Read(eventFd, &value, sizeof(ulong));
                }

                tryReceive = fds[0].ReturnedEvents != 0;
            }
            else if (ready == 0)
            {
                tryReceive = false;
            }
            else
            {
                if (Marshal.GetLastPInvokeError() != LibC.EIntr)
                {
                    _receiveErrors++;
                }

                tryReceive = true;
            }
        }
    }

    private void FlushBatched(int count)
    {
        for (int i = 0; i < count; i++)
        {
            ref MMsgHdr h = ref _sendHeaders[i];
            h.Header.NameLength = (uint)_sendTo[i].WriteSockAddr(new Span<byte>(h.Header.Name, AddressSlotSize), _isIPv6Socket);
            h.Header.Iov->Length = (nuint)_sendLengths[i];
            h.Length = 0;
        }

        int fd = (int)_socket!.SafeHandle.DangerousGetHandle();
        int offset = 0;
        while (offset < count)
        {
            int sent = LibC.SendMmsg(fd, _sendHeaders + offset, (uint)(count - offset), LibC.MsgDontWait);
            if (sent > 0)
            {
                for (int i = offset; i < offset + sent; i++)
                {
                    _datagramsSent++;
                    _bytesSent += _sendHeaders[i].Length;
                }

                offset += sent;
                continue;
            }

            int errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == LibC.EIntr)
            {
                continue;
            }

            if (errno == LibC.EAgain || errno == LibC.ENoBufs)
            {
                // Send buffer or device queue full: the rest of this batch would fail the same way.
                _sendErrors += count - offset;
                return;
            }

            // sendmmsg reports an error only for the first remaining entry (a bad or unreachable
            // destination): drop that one and send the others.
            _sendErrors++;
            offset++;
        }
    }

    private void WakeBatched()
    {
        SafeFileHandle? handle = _eventFd;
        if (handle is null)
        {
            return;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            ulong one = 1;
            LibC.Write((int)handle.DangerousGetHandle(), &one, sizeof(ulong));
        }
        catch (ObjectDisposedException)
        {
            // Already released: nothing left to wake.
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
