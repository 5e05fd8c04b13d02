using System.Security.Cryptography;
using Org.BouncyCastle.Tls;

namespace Voip.Media.Dtls;

public sealed partial class DtlsSession
{
    // Set by the BouncyCastle peer callbacks just before they abort the handshake, so the reason reported is
    // the precise one (FingerprintMismatch, ...) rather than the generic alert BouncyCastle rethrows.
    private DtlsFailure? _recordedFailure;
    private string? _recordedDetail;

    // Diagnostics of the cookie exchange (see DtlsClientHelloReassembler).
    private long _clientHelloFragmentsIgnored;
    private int _clientHelloPeakBufferedBytes;
    private int _clientHellosDefragmented;

    /// <summary>Server with HelloVerifyRequest: ClientHellos that arrived in more than one fragment.</summary>
    internal int ClientHellosDefragmented => Volatile.Read(ref _clientHellosDefragmented);

    /// <summary>Server with HelloVerifyRequest: records/fragments the ClientHello reassembly discarded.</summary>
    internal long ClientHelloFragmentsIgnored => Volatile.Read(ref _clientHelloFragmentsIgnored);

    /// <summary>Server with HelloVerifyRequest: most bytes the ClientHello reassembly held at once.</summary>
    internal int ClientHelloPeakBufferedBytes => Volatile.Read(ref _clientHelloPeakBufferedBytes);

    /// <summary>Body of the handshake thread. Catches everything: nothing may escape a thread.</summary>
    private void RunHandshake()
    {
        DtlsTransport? dtls = null;
        try
        {
            dtls = Role == DtlsRole.Server ? AcceptAsServer() : ConnectAsClient();
        }
        catch (Exception e)
        {
            (DtlsFailure reason, string detail) = Classify(e);
            EndHandshakeFailed(reason, detail);
            return;
        }

        SrtpKeysOrFail(dtls);
    }

    private void SrtpKeysOrFail(DtlsTransport dtls)
    {
        Srtp.SrtpKeyingMaterial? keys = Volatile.Read(ref _keys);
        bool connected;
        lock (_tlsLock)
        {
            connected = keys is not null && !_closeRequested && TryTransition(DtlsState.Handshaking, DtlsState.Connected);
            if (connected)
                _dtls = dtls;
            else
                SafeClose(dtls);
        }

        if (!connected)
        {
            if (_closeRequested)
                EndHandshakeFailed(DtlsFailure.Closed, "closed locally before the handshake completed");
            else
                EndHandshakeFailed(DtlsFailure.ProtocolError, "handshake completed without SRTP keys");
            return;
        }

        try
        {
            _listener.OnDtlsConnected(this, keys!);
        }
        catch (Exception)
        {
            // A listener bug must not kill the process from a background thread.
        }

        // Datagrams that arrived while we were finishing (e.g. the peer's retransmitted final flight).
        if (_queue.Count > 0)
            ScheduleDrain();
    }

    private DtlsTransport AcceptAsServer()
    {
        var server = new DtlsSrtpServer(this, _crypto);
        DtlsRequest? request = null;

        if (Options.UseHelloVerifyRequest)
        {
            // RFC 6347 §4.2.1: answer cookie-less ClientHellos with a stateless HelloVerifyRequest; only a
            // ClientHello echoing the cookie starts the (expensive) handshake. The client id is per session:
            // the engine has already bound this session to one remote address.
            // The verifier only reads a ClientHello complete in one record, so fragments are reassembled first
            // (see DtlsClientHelloReassembler). Its request carries the cookie ClientHello's message_seq (1): the
            // handshake then sends ServerHello as message_seq 1 (our HelloVerifyRequest was 0, RFC 6347 §4.2.2),
            // expects message_seq 2 next, and treats retransmitted fragments of that ClientHello as the
            // previous flight, answering them by resending its own.
            var verifier = new DtlsVerifier(_crypto);
            var reassembler = new DtlsClientHelloReassembler();
            byte[] clientId = RandomNumberGenerator.GetBytes(16);
            byte[] buffer = new byte[Options.MaxDatagramSize];
            while (request is null)
            {
                if (_closeRequested)
                    throw new DtlsTransportClosedException();
                int remaining = RemainingHandshakeMillis();
                if (remaining <= 1)
                    throw new TlsTimeoutException("no ClientHello with a valid cookie within the handshake timeout");
                int received = _transport.Receive(buffer, 0, buffer.Length, remaining);
                if (received <= 0)
                    continue;
                reassembler.AddDatagram(buffer.AsSpan(0, received));
                Volatile.Write(ref _clientHelloFragmentsIgnored, reassembler.Ignored);
                Volatile.Write(ref _clientHelloPeakBufferedBytes, reassembler.PeakBufferedBytes);
                while (request is null && reassembler.TryTakeCompleted(out byte[] record))
                    request = verifier.VerifyRequest(clientId, record, 0, record.Length, _transport);
                Volatile.Write(ref _clientHellosDefragmented, reassembler.Defragmented);
            }
        }

        return new DtlsServerProtocol().Accept(server, _transport, request);
    }

    private DtlsTransport ConnectAsClient() =>
        new DtlsClientProtocol().Connect(new DtlsSrtpClient(this, _crypto), _transport);

    private (DtlsFailure Reason, string Detail) Classify(Exception e)
    {
        if (_recordedFailure is { } recorded)
            return (recorded, _recordedDetail ?? recorded.ToString());
        if (_closeRequested)
            return (DtlsFailure.Closed, "closed locally before the handshake completed");

        return e switch
        {
            TlsTimeoutException => (DtlsFailure.HandshakeTimeout,
                $"no handshake within {Options.HandshakeTimeout.TotalMilliseconds:0} ms ({e.Message})"),
            TlsFatalAlertReceived received => (DtlsFailure.ProtocolError,
                "peer sent fatal alert " + AlertDescription.GetText(received.AlertDescription)),
            TlsFatalAlert alert => (DtlsFailure.ProtocolError,
                "fatal alert " + AlertDescription.GetText(alert.AlertDescription) + ": " + alert.Message),
            _ => (DtlsFailure.ProtocolError, e.GetType().Name + ": " + e.Message),
        };
    }

    private void EndHandshakeFailed(DtlsFailure reason, string detail)
    {
        // A local Close() already moved New/Connected to Closed; during the handshake the state is still
        // Handshaking and becomes Closed (local close) or Failed.
        DtlsState final = reason == DtlsFailure.Closed ? DtlsState.Closed : DtlsState.Failed;
        Volatile.Write(ref _failureDetail, detail);
        bool changed = TryTransition(DtlsState.Handshaking, final);
        _queue.Complete();
        _queue.Clear();
        if (!changed)
            return;
        NotifyFailed(reason, detail);
    }

    private void NotifyFailed(DtlsFailure reason, string detail)
    {
        try
        {
            _listener.OnDtlsFailed(this, reason, detail);
        }
        catch (Exception)
        {
            // See OnDtlsConnected above.
        }
    }

    private static void SafeClose(DtlsTransport dtls)
    {
        try
        {
            dtls.Close();
        }
        catch (Exception)
        {
            // Closing is best effort.
        }
    }
}
