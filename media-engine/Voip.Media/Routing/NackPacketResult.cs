namespace Voip.Media.Routing;

/// <summary>What <see cref="NackGenerator.OnPacket"/> made of a packet.</summary>
public enum NackPacketResult
{
    /// <summary>Newer than any seen (the first packet too); gaps before it became missing.</summary>
    New,

    /// <summary>An older packet that was not missing: already received, or given up on.</summary>
    Duplicate,

    /// <summary>A missing packet that arrived late (reordering, or a retransmission not flagged as such).</summary>
    OutOfOrder,

    /// <summary>A missing packet repaired by RTX or FEC.</summary>
    Recovered,

    /// <summary>Further behind the newest than the tracked window (1000 sequence numbers); ignored.</summary>
    TooOld,
}
