using Org.BouncyCastle.Tls;

namespace Voip.Media.Dtls;

// After the handshake: datagrams are rare (close_notify, alerts, a peer's retransmitted last flight that needs
// our last flight again — RFC 6347 §4.2.4), so they are processed on the thread pool instead of keeping a
// thread blocked per connected session.
public sealed partial class DtlsSession : IThreadPoolWorkItem
{
    private int _drainScheduled;
    private byte[]? _drainBuffer;

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _drainScheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        DtlsFailure? failure = null;
        string detail = string.Empty;
        bool peerClosed = false;

        lock (_tlsLock)
        {
            DtlsTransport? dtls = _dtls;
            _drainBuffer ??= new byte[Options.MaxDatagramSize];
            while (true)
            {
                if (dtls is not null && State == DtlsState.Connected)
                {
                    try
                    {
                        while (_queue.Count > 0)
                        {
                            // A 1 ms wait: BouncyCastle reads 0 as "forever". Application data (n >= 0) is not
                            // used by DTLS-SRTP and is discarded.
                            dtls.Receive(_drainBuffer, 0, _drainBuffer.Length, 1);
                            while (dtls.ReceivePending(_drainBuffer, 0, _drainBuffer.Length) >= 0)
                            {
                            }
                        }
                    }
                    catch (TlsFatalAlertReceived e)
                    {
                        failure = DtlsFailure.ProtocolError;
                        detail = "peer sent fatal alert " + AlertDescription.GetText(e.AlertDescription);
                    }
                    catch (DtlsTransportClosedException)
                    {
                        // The record layer closed: the peer's close_notify (we answered it), or our own Close().
                    }
                    catch (Exception e)
                    {
                        failure = DtlsFailure.ProtocolError;
                        detail = e.GetType().Name + ": " + e.Message;
                    }

                    if (failure is null && _transport.ClosedByTls && !_closeRequested)
                        peerClosed = true;
                }

                if (failure is not null || peerClosed || State != DtlsState.Connected)
                {
                    _queue.Complete();
                    _queue.Clear();
                    break;
                }

                Volatile.Write(ref _drainScheduled, 0);
                // Something may have arrived between the last check and the reset; re-claim if so.
                if (_queue.Count == 0 || Interlocked.CompareExchange(ref _drainScheduled, 1, 0) != 0)
                    break;
            }
        }

        if (failure is { } reason)
        {
            Volatile.Write(ref _failureDetail, detail);
            if (TryTransition(DtlsState.Connected, DtlsState.Failed))
                NotifyFailed(reason, detail);
        }
        else if (peerClosed && TryTransition(DtlsState.Connected, DtlsState.Closed))
        {
            try
            {
                _listener.OnDtlsClosed(this);
            }
            catch (Exception)
            {
                // Never let a listener exception escape onto the thread pool.
            }
        }
    }
}
