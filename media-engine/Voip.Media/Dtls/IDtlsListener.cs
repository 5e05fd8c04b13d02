using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

/// <summary>
/// Outcome of a <see cref="DtlsSession"/>. Called on the session's DTLS thread (or a thread-pool thread after
/// the handshake), never on the shard thread: implementations hand the result to their shard's command queue.
/// Exactly one of <see cref="OnDtlsConnected"/> / <see cref="OnDtlsFailed"/> ends the handshake; after a
/// successful handshake <see cref="OnDtlsClosed"/> or <see cref="OnDtlsFailed"/> may follow once.
/// </summary>
public interface IDtlsListener
{
    void OnDtlsConnected(DtlsSession session, SrtpKeyingMaterial keys);

    void OnDtlsFailed(DtlsSession session, DtlsFailure reason, string detail);

    /// <summary>The peer sent close_notify (RFC 5246 §7.2.1) after the handshake had completed.</summary>
    void OnDtlsClosed(DtlsSession session);
}
