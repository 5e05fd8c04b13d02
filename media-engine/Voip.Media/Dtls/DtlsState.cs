namespace Voip.Media.Dtls;

/// <summary>Life cycle of a <see cref="DtlsSession"/>. Only ever moves forward.</summary>
public enum DtlsState
{
    /// <summary>Constructed; <see cref="DtlsSession.Start"/> not yet called.</summary>
    New,

    /// <summary>The handshake runs on the session's own thread.</summary>
    Handshaking,

    /// <summary>Handshake done, SRTP keys handed to the listener.</summary>
    Connected,

    /// <summary>The handshake (or the connection) failed; see the listener's failure reason.</summary>
    Failed,

    /// <summary>Closed by us or by the peer's close_notify.</summary>
    Closed,
}
