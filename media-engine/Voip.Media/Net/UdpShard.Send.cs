using System.Diagnostics;

namespace Voip.Media.Net;

// The shard-thread send queue: SendBatch slots filled in place, flushed as one batch.
public sealed partial class UdpShard
{
    private readonly int[] _sendLengths;
    private readonly UdpEndpoint[] _sendTo;
    private int _sendCount;

    /// <summary>
    /// The next free send slot (<see cref="SlotSize"/> bytes). Write a datagram into it, then call
    /// <see cref="CommitSend"/>; until then, repeated calls return the same slot. Shard thread only.
    /// </summary>
    public Span<byte> GetSendBuffer()
    {
        Debug.Assert(_threadId == 0 || IsOnShardThread, "The send queue belongs to the shard thread.");
        return SendSlot(_sendCount);
    }

    /// <summary>
    /// Queues the first <paramref name="length"/> bytes of the slot from <see cref="GetSendBuffer"/> for
    /// <paramref name="to"/>. The queue is flushed after the current receive batch, on tick, or now if
    /// it is full. A peer the socket cannot reach (IPv6 peer on an IPv4 socket) is counted as a send error.
    /// </summary>
    public void CommitSend(int length, in UdpEndpoint to)
    {
        if ((uint)length > SlotSize)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A datagram must fit its send slot.");
        }

        TryCommit(length, to);
    }

    /// <summary>Copies <paramref name="data"/> into a send slot and queues it; false (and counted) if it cannot be sent.</summary>
    public bool Send(ReadOnlySpan<byte> data, in UdpEndpoint to)
    {
        if (data.Length > SlotSize)
        {
            _sendErrors++;
            return false;
        }

        data.CopyTo(GetSendBuffer());
        return TryCommit(data.Length, to);
    }

    /// <summary>Sends everything queued now (normally the loop does this after each batch). Shard thread only.</summary>
    public void FlushSends()
    {
        if (_sendCount == 0)
        {
            return;
        }

        if (_sink is not null)
        {
            FlushToSink(_sendCount);
        }
        else if (_batchedIo)
        {
            FlushBatched(_sendCount);
        }
        else
        {
            FlushPortable(_sendCount);
        }

        RecordFlushed(_sendCount);

        _sendCount = 0;
    }

    private bool TryCommit(int length, in UdpEndpoint to)
    {
        if (!CanReach(to))
        {
            _sendErrors++;
            return false;
        }

        _sendLengths[_sendCount] = length;
        _sendTo[_sendCount] = to;
        _sendReceivedAt[_sendCount] = _batchReceivedAt;
        if (++_sendCount == _sendBatch)
        {
            FlushSends();
        }

        return true;
    }

    private bool CanReach(in UdpEndpoint to) => !to.IsNone && (_isIPv6Socket || to.IsIPv4);
}
