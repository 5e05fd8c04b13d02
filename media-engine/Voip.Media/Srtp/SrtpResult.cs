namespace Voip.Media.Srtp;

/// <summary>Outcome of one SRTP/SRTCP operation. Only <see cref="Ok"/> means the buffer holds a usable packet.</summary>
public enum SrtpResult : byte
{
    Ok = 0,

    /// <summary>Shorter than a header plus (when unprotecting) the authentication tag and trailer.</summary>
    TooShort,

    /// <summary>Not a version-2 RTP/RTCP packet, or its header (CSRCs, extension) runs past its end.</summary>
    Malformed,

    /// <summary>This index was already accepted (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The index is behind the 128-packet replay window.</summary>
    TooOld,

    /// <summary>The tag did not verify; the packet was forged, damaged or keyed differently.</summary>
    AuthenticationFailed,

    /// <summary>The destination cannot hold the packet plus the SRTP overhead.</summary>
    BufferTooSmall,

    /// <summary>The context's SSRC table is full; the packet's SSRC was not added.</summary>
    TooManySsrcs,

    /// <summary>The SRTCP index space (2^31) of this SSRC is used up; the key must be renewed (RFC 3711 §9.2).</summary>
    KeyExpired,

    /// <summary>A length outside the buffer, or source and destination that partly overlap.</summary>
    InvalidArgument,
}
