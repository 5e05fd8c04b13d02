namespace Voip.Media.Rtcp;

/// <summary>Why an RTCP packet (or a compound walk) was refused. Bad input is counted, never thrown.</summary>
public enum RtcpParseResult : byte
{
    Ok = 0,

    /// <summary>Shorter than the fixed part the message needs.</summary>
    TooShort,

    /// <summary>Version field is not 2 (RFC 3550 §6.4.1).</summary>
    BadVersion,

    /// <summary>The length field points past the end of the buffer.</summary>
    LengthOverrun,

    /// <summary>The padding count is zero or larger than the packet (RFC 3550 §6.4.1, A.2).</summary>
    BadPadding,

    /// <summary>The count field (RC/SC/entries) does not fit the packet's length.</summary>
    CountMismatch,

    /// <summary>The packet type or feedback format is not the one this view parses.</summary>
    WrongType,

    /// <summary>A message-specific field is invalid (REMB identifier, SDES item past its chunk, TWCC chunks...).</summary>
    Malformed,
}
