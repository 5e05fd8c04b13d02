namespace Voip.Media.Rtcp;

/// <summary>Packet status symbols of TWCC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportWideCcSymbol : byte
{
    NotReceived = 0,

    /// <summary>Received, with a one-byte unsigned delta (0..63.75 ms).</summary>
    SmallDelta = 1,

    /// <summary>Received, with a two-byte signed delta (large or negative).</summary>
    LargeOrNegativeDelta = 2,
}
