namespace Voip.Media.Rtp;

/// <summary>Why <see cref="RtpHeader.TryParse(ReadOnlySpan{byte}, out RtpHeader)"/> refused a packet.</summary>
public enum RtpParseResult : byte
{
    Ok = 0,

    /// <summary>Shorter than the 12-byte fixed header.</summary>
    TooShort,

    /// <summary>Version field is not 2 (RFC 3550 §5.1).</summary>
    BadVersion,

    /// <summary>The CSRC list runs past the end of the packet.</summary>
    CsrcOverrun,

    /// <summary>The header extension (its 4-byte preamble or its body) runs past the end of the packet.</summary>
    ExtensionOverrun,
}
