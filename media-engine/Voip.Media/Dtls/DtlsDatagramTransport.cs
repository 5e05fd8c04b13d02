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
    private long _recordsFiltered;
    private volatile bool _closedByTls;

    // AEAD overhead of the negotiated suite; 16 (the tag) until known, as every suite we allow has at least that.
    private volatile int _minProtectedRecordLength = 16;

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

    /// <summary>Records dropped by <see cref="DtlsRecordFilter"/>.</summary>
    public long RecordsFiltered => Interlocked.Read(ref _recordsFiltered);

    /// <summary>Largest handshake message we reassemble (certificates in WebRTC are small and self-signed).</summary>
    public const int MaxHandshakeMessageLength = 16 * 1024;

    /// <summary>Tells the record filter the negotiated suite, so it knows the smallest valid protected record.</summary>
    public void NotifyCipherSuite(int cipherSuite) =>
        _minProtectedRecordLength = cipherSuite is CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
            or CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
            ? 16        // RFC 7905: tag only, implicit nonce
            : 8 + 16;   // RFC 5288 AES-GCM: 8-byte explicit nonce + tag

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
                    int written = DtlsRecordFilter.CopyValidRecords(d.Buffer.AsSpan(0, d.Length), buffer,
                        MaxHandshakeMessageLength, _minProtectedRecordLength, out int dropped);
                    if (dropped > 0)
                        Interlocked.Add(ref _recordsFiltered, dropped);
                    // Nothing left: report "no datagram" so BouncyCastle simply waits on.
                    return written > 0 ? written : -1;
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
