using Org.BouncyCastle.Tls;

namespace Voip.Media.Dtls;

/// <summary>
/// Cipher suites we negotiate. Only ECDHE (forward secrecy) with AEAD record protection: what Chrome, Firefox,
/// Safari and OpenSSL-based WebRTC stacks offer first. Our certificate is ECDSA, so the server can only use the
/// ECDSA suites; the client also accepts an RSA-certified peer.
/// </summary>
internal static class DtlsCipherSuites
{
    public static readonly int[] Server =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    public static readonly int[] Client =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];
}
