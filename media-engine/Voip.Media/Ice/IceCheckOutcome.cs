namespace Voip.Media.Ice;

/// <summary>
/// What <see cref="IceLiteResponder.HandleBindingRequest"/> did with a datagram. A response was written
/// exactly when the outcome starts with <c>Answered</c>; every other value is a silent drop (or, for
/// <see cref="BindingIndication"/>, a no-op) for the shard to count.
/// </summary>
public enum IceCheckOutcome : byte
{
    /// <summary>Authenticated check answered with a success response.</summary>
    Answered,

    /// <summary>Authenticated USE-CANDIDATE check answered; the selected pair was set or moved to the sender.</summary>
    AnsweredNominated,

    /// <summary>Authenticated check carried ICE-CONTROLLED; answered 487 Role Conflict (RFC 8445 §7.3.1.1).</summary>
    AnsweredRoleConflict,

    /// <summary>Authenticated check carried unknown comprehension-required attributes; answered 420 (RFC 8489 §6.3.1).</summary>
    AnsweredUnknownAttributes,

    /// <summary>A Binding indication (keepalive, RFC 8445 §11): no response, and not consent (RFC 7675 §5.1).</summary>
    BindingIndication,

    /// <summary>Fails the RFC 7983 / magic-cookie test.</summary>
    NotStun,

    /// <summary>STUN framing was broken (see <see cref="Stun.StunParseError"/>).</summary>
    Malformed,

    /// <summary>Valid STUN but not a Binding request or indication (a lite agent sends no requests).</summary>
    NotBindingRequest,

    /// <summary>No USERNAME attribute.</summary>
    MissingUsername,

    /// <summary>USERNAME is not <c>localUfrag:remoteUfrag</c>.</summary>
    BadUsername,

    /// <summary>No MESSAGE-INTEGRITY attribute.</summary>
    MissingIntegrity,

    /// <summary>MESSAGE-INTEGRITY did not verify with the local password.</summary>
    BadIntegrity,

    /// <summary>FINGERPRINT present but wrong.</summary>
    BadFingerprint,

    /// <summary>The caller's response buffer is smaller than <see cref="IceLiteResponder.MaxResponseLength"/> needs.</summary>
    ResponseBufferTooSmall,
}
