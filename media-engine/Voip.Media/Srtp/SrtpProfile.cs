namespace Voip.Media.Srtp;

/// <summary>
/// SRTP protection profiles this engine speaks. The numeric values are the DTLS-SRTP
/// protection-profile identifiers registered by RFC 5764 §4.1.2 and RFC 7714 §14.2, so a
/// profile negotiated in the <c>use_srtp</c> extension casts straight to this enum.
/// </summary>
public enum SrtpProfile : ushort
{
    None = 0,

    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764): AES-128 counter mode, 80-bit HMAC-SHA1 tag.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (RFC 7714): AES-128-GCM, 128-bit tag.</summary>
    AeadAes128Gcm = 0x0007,

    /// <summary>SRTP_AEAD_AES_256_GCM (RFC 7714): AES-256-GCM, 128-bit tag.</summary>
    AeadAes256Gcm = 0x0008,
}
