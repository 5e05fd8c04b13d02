namespace Voip.Media.Net;

// Counters: written with plain increments by the shard thread only (cross-thread sends use their own
// Interlocked fields), read by anyone; 64-bit reads are atomic on the 64-bit targets we ship.
public sealed partial class UdpShard
{
    private long _datagramsReceived;
    private long _bytesReceived;
    private long _droppedOversize;
    private long _receiveBatches;
    private long _receiveErrors;
    private long _datagramsSent;
    private long _bytesSent;
    private long _sendErrors;
    private long _handlerExceptions;
    private long _ticks;
    private long _commandsExecuted;
    private long _anyThreadDatagramsSent;
    private long _anyThreadBytesSent;
    private long _anyThreadSendErrors;

    /// <summary>Datagrams read from the socket, including those then dropped as oversize.</summary>
    public long DatagramsReceived => Volatile.Read(ref _datagramsReceived);

    /// <summary>Bytes of the datagrams delivered to the handler.</summary>
    public long BytesReceived => Volatile.Read(ref _bytesReceived);

    /// <summary>Datagrams larger than <see cref="MaxDatagramSize"/> (or truncated by the kernel) that were dropped.</summary>
    public long DroppedOversize => Volatile.Read(ref _droppedOversize);

    /// <summary>Receive calls that returned at least one datagram.</summary>
    public long ReceiveBatches => Volatile.Read(ref _receiveBatches);

    /// <summary>Mean datagrams per receive batch.</summary>
    public double AverageReceiveBatch
    {
        get
        {
            long batches = ReceiveBatches;
            return batches == 0 ? 0 : (double)DatagramsReceived / batches;
        }
    }

    /// <summary>Receive or poll errors other than "would block" / "interrupted".</summary>
    public long ReceiveErrors => Volatile.Read(ref _receiveErrors);

    /// <summary>Datagrams handed to the kernel, from the shard's send queue and from <see cref="SendFromAnyThread"/>.</summary>
    public long DatagramsSent => Volatile.Read(ref _datagramsSent) + Interlocked.Read(ref _anyThreadDatagramsSent);

    public long BytesSent => Volatile.Read(ref _bytesSent) + Interlocked.Read(ref _anyThreadBytesSent);

    /// <summary>Datagrams the kernel refused (EAGAIN/ENOBUFS when the send buffer is full, unreachable peers, ...): dropped.</summary>
    public long SendErrors => Volatile.Read(ref _sendErrors) + Interlocked.Read(ref _anyThreadSendErrors);

    /// <summary>Exceptions thrown by the handler (datagram or tick) or by posted commands, caught by the loop.</summary>
    public long HandlerExceptions => Volatile.Read(ref _handlerExceptions);

    public long Ticks => Volatile.Read(ref _ticks);

    public long CommandsExecuted => Volatile.Read(ref _commandsExecuted);
}
