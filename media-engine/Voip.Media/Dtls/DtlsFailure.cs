namespace Voip.Media.Dtls;

/// <summary>Why a DTLS session failed; passed to <see cref="IDtlsListener.OnDtlsFailed"/>.</summary>
public enum DtlsFailure
{
    /// <summary>The handshake did not finish within <see cref="DtlsOptions.HandshakeTimeout"/>.</summary>
    HandshakeTimeout,

    /// <summary>The peer's certificate does not match the <c>a=fingerprint</c> from signaling (RFC 8122 §5).</summary>
    FingerprintMismatch,

    /// <summary>The peer offered / selected no SRTP protection profile we accept (RFC 5764 §4.1.1).</summary>
    NoCommonSrtpProfile,

    /// <summary>The peer sent no certificate; WebRTC requires mutual authentication (RFC 8827 §6.5).</summary>
    NoPeerCertificate,

    /// <summary>Any other TLS-level failure: a fatal alert sent or received, a malformed message, a bad signature.</summary>
    ProtocolError,

    /// <summary>The session was closed locally before the handshake finished.</summary>
    Closed,
}
