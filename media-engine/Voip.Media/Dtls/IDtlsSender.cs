namespace Voip.Media.Dtls;

/// <summary>
/// Sends one DTLS datagram to the peer. The engine implements it on its shard's UDP socket.
/// It is called from the session's DTLS thread (and from the thread that calls <see cref="DtlsSession.Close"/>),
/// never from the shard's packet loop, so implementations must be safe to call from another thread.
/// </summary>
public interface IDtlsSender
{
    void SendDtls(ReadOnlySpan<byte> datagram);
}
