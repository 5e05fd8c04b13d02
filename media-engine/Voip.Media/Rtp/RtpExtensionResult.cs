namespace Voip.Media.Rtp;

/// <summary>Outcome of reading or rewriting an RTP header extension block (RFC 8285).</summary>
public enum RtpExtensionResult : byte
{
    Ok = 0,

    /// <summary>The profile is neither 0xBEDE nor 0x100x, so the block is opaque.</summary>
    UnknownProfile,

    /// <summary>An element's length runs past the end of the block.</summary>
    Truncated,

    /// <summary>The destination span is too small.</summary>
    DestinationTooSmall,

    /// <summary>The id map gives an id the in-place rewrite cannot hold (one-byte form: 15 or more).</summary>
    IdOutOfRange,
}
