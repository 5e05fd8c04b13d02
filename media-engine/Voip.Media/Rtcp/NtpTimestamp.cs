namespace Voip.Media.Rtcp;

/// <summary>
/// NTP timestamps as RTCP carries them (RFC 3550 §4): 64-bit, 32.32 fixed-point seconds since
/// 1900-01-01 UTC, and the "compact" middle 32 bits (16.16) used by LSR/DLSR (§6.4.1).
/// Era rollover (2036) follows RFC 4330 §3: a seconds field with its top bit clear is read as era 1.
/// </summary>
public static class NtpTimestamp
{
    /// <summary>Seconds from 1900-01-01 to 1970-01-01.</summary>
    public const long UnixEpochOffsetSeconds = 2_208_988_800;

    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    private static readonly long NtpEpochTicks = new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private static readonly long Era1Ticks = NtpEpochTicks + ((1L << 32) * TicksPerSecond);

    /// <summary>Converts a UTC time (1968..2104) to 64-bit NTP; the fraction is rounded down to 100 ns ticks.</summary>
    public static ulong FromDateTime(DateTime utc) => FromTicks(utc.ToUniversalTime().Ticks);

    /// <summary>Converts <see cref="DateTime.Ticks"/> (UTC) to 64-bit NTP.</summary>
    public static ulong FromTicks(long utcTicks)
    {
        long sinceEpoch = utcTicks - NtpEpochTicks;
        ulong seconds = (ulong)(sinceEpoch / TicksPerSecond);
        ulong remainder = (ulong)(sinceEpoch % TicksPerSecond);
        ulong fraction = (remainder << 32) / TicksPerSecond;
        return ((seconds & 0xFFFF_FFFF) << 32) | fraction;
    }

    /// <summary>Converts 64-bit NTP to UTC <see cref="DateTime.Ticks"/>, rounding the fraction to the nearest tick.</summary>
    public static long ToTicks(ulong ntp)
    {
        uint seconds = (uint)(ntp >> 32);
        ulong fraction = ntp & 0xFFFF_FFFF;
        long baseTicks = (seconds & 0x8000_0000) != 0 ? NtpEpochTicks : Era1Ticks;
        long fractionTicks = (long)(((fraction * TicksPerSecond) + 0x8000_0000) >> 32);
        return baseTicks + (seconds * TicksPerSecond) + fractionTicks;
    }

    public static DateTime ToDateTime(ulong ntp) => new(ToTicks(ntp), DateTimeKind.Utc);

    /// <summary>The middle 32 bits (16.16 seconds): what LSR carries (RFC 3550 §6.4.1).</summary>
    public static uint ToCompact(ulong ntp) => (uint)(ntp >> 16);

    /// <summary>A duration as compact NTP (units of 1/65536 s), as DLSR carries it; saturates at ~18 h.</summary>
    public static uint CompactFromTimeSpan(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        ulong units = (ulong)(((UInt128)(ulong)duration.Ticks << 16) / TicksPerSecond);
        return units > uint.MaxValue ? uint.MaxValue : (uint)units;
    }

    public static TimeSpan CompactToTimeSpan(uint compact) =>
        TimeSpan.FromTicks((long)((((ulong)compact * TicksPerSecond) + 0x8000) >> 16));

    /// <summary>
    /// Round-trip time from a report block (RFC 3550 §6.4.1 figure 2): arrival − LSR − DLSR, all in
    /// compact NTP; zero when LSR is 0 (no SR seen yet) or the result would be negative (clock skew).
    /// </summary>
    public static TimeSpan RoundTripTime(uint arrivalCompact, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        if (lastSenderReport == 0)
        {
            return TimeSpan.Zero;
        }

        int rtt = unchecked((int)(arrivalCompact - lastSenderReport - delaySinceLastSenderReport));
        return rtt <= 0 ? TimeSpan.Zero : CompactToTimeSpan((uint)rtt);
    }
}
