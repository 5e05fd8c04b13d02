using System.Buffers;
using Org.BouncyCastle.Tls;

namespace Voip.Media.Dtls;

/// <summary>
/// The <see cref="DatagramTransport"/> BouncyCastle reads and writes: reads come from the session's bounded
/// queue (fed by the shard thread), writes go straight to <see cref="IDtlsSender"/>.
/// </summary>
internal sealed class DtlsDatagramTransport : DatagramTransport
{
    private readonly DtlsDatagramQueue _queue;
    private readonly IDtlsSender _sender;
    private readonly int _sendLimit;
    private readonly int _receiveLimit;
    private long _datagramsOut;
    private long _oversized;
    private volatile bool _closedByTls;

    public DtlsDatagramTransport(DtlsDatagramQueue queue, IDtlsSender sender, int sendLimit, int receiveLimit)
    {
        _queue = queue;
        _sender = sender;
        _sendLimit = sendLimit;
        _receiveLimit = receiveLimit;
    }

    /// <summary>BouncyCastle closed the record layer (close_notify sent or received, or a fatal alert).</summary>
    public bool ClosedByTls => _closedByTls;

    public long DatagramsOut => Interlocked.Read(ref _datagramsOut);

    public long Oversized => Interlocked.Read(ref _oversized);

    public int GetReceiveLimit() => _receiveLimit;

    public int GetSendLimit() => _sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        // Once the record layer is closed nothing more is to be read; throwing unwinds BouncyCastle's receive
        // loop at once instead of letting it poll until its wait expires.
        if (_closedByTls)
            throw new DtlsTransportClosedException();

        switch (_queue.TryDequeue(waitMillis, out DtlsDatagramQueue.PooledDatagram d))
        {
            case DtlsDatagramQueue.DequeueResult.Item:
                try
                {
                    if (d.Length > buffer.Length)
                    {
                        Interlocked.Increment(ref _oversized);
                        return -1;
                    }
                    d.Buffer.AsSpan(0, d.Length).CopyTo(buffer);
                    return d.Length;
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(d.Buffer);
                }
            case DtlsDatagramQueue.DequeueResult.TimedOut:
                // BouncyCastle treats a negative count as "nothing within waitMillis" (its retransmit tick).
                return -1;
            default:
                throw new DtlsTransportClosedException();
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        Interlocked.Increment(ref _datagramsOut);
        _sender.SendDtls(buffer);
    }

    public void Close() => _closedByTls = true;
}
