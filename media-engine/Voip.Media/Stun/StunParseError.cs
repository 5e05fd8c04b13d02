namespace Voip.Media.Stun;

/// <summary>Why <see cref="StunMessage.TryParse"/> refused a datagram. Never thrown: returned and counted.</summary>
public enum StunParseError : byte
{
    None = 0,

    /// <summary>Fewer than the 20 header bytes.</summary>
    TruncatedHeader,

    /// <summary>The two most significant bits are not zero (RFC 8489 §5): not STUN.</summary>
    NotStun,

    /// <summary>The magic cookie is not 0x2112A442 (RFC 8489 §5).</summary>
    BadMagicCookie,

    /// <summary>The header length is not a multiple of 4 (RFC 8489 §5: the last two bits are zero).</summary>
    LengthNotMultipleOfFour,

    /// <summary>The header length runs past the end of the datagram.</summary>
    LengthPastEnd,

    /// <summary>The datagram has bytes after the message the header describes.</summary>
    TrailingBytes,

    /// <summary>An attribute header, value or its padding runs past the end of the message.</summary>
    AttributePastEnd,

    /// <summary>A known attribute has a length its definition forbids (e.g. PRIORITY not 4 bytes).</summary>
    BadAttributeLength,

    /// <summary>An attribute follows FINGERPRINT, which must be last (RFC 8489 §14.7).</summary>
    FingerprintNotLast,
}
