namespace Voip.Media.Rtcp;

/// <summary>
/// The NTP↔RTP pair from a producer's last sender report (RFC 3550 §6.4.1), used to give a consumer's
/// SR an RTP timestamp in the producer's timeline for the SFU's current NTP time, so receivers keep
/// lip sync across the SFU.
/// </summary>
public readonly record struct RtpClockMapping(ulong NtpTimestamp, uint RtpTimestamp, int ClockRate)
{
    /// <summary>The RTP timestamp that corresponds to <paramref name="ntpTimestamp"/> (wraps mod 2^32, may lie in the past).</summary>
    public uint RtpTimestampAt(ulong ntpTimestamp)
    {
        long elapsedNtp = unchecked((long)(ntpTimestamp - NtpTimestamp));
        // 32.32 fixed point × clock rate: split to keep the product inside 64 bits for gaps of hours.
        long seconds = elapsedNtp >> 32;
        long fraction = elapsedNtp & 0xFFFF_FFFF;
        long units = (seconds * ClockRate) + ((fraction * ClockRate) >> 32);
        return unchecked(RtpTimestamp + (uint)units);
    }
}
