namespace Voip.Media.Routing;

/// <summary>The outcome of <see cref="RetransmissionBuffer.TryGet"/>.</summary>
public enum RetransmitLookup
{
    /// <summary>The packet is returned and marked as resent now.</summary>
    Found,

    /// <summary>Never stored, or overwritten by a newer packet.</summary>
    Missing,

    /// <summary>Stored too long ago to be worth resending (the receiver's jitter buffer has moved on).</summary>
    Expired,

    /// <summary>Already resent within the minimum interval: a repeated NACK is ignored (NACK-storm protection).</summary>
    TooSoon,
}
