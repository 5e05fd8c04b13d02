using Voip.Media.Rtcp;

namespace Voip.Media.Tests.Rtcp;

/// <summary>NTP timestamps (RFC 3550 §4) and the LSR/DLSR arithmetic of §6.4.1.</summary>
public class NtpTimestampTests
{
    [Test]
    public void UnixEpochIsKnownNtpSeconds()
    {
        ulong ntp = NtpTimestamp.FromDateTime(DateTime.UnixEpoch);
        Assert.That(ntp, Is.EqualTo(0x83AA7E80_00000000UL));
        Assert.That(NtpTimestamp.ToDateTime(ntp), Is.EqualTo(DateTime.UnixEpoch));
    }

    [Test]
    public void HalfSecondIsTopFractionBit()
    {
        ulong ntp = NtpTimestamp.FromDateTime(DateTime.UnixEpoch.AddSeconds(1.5));
        Assert.That(ntp, Is.EqualTo(0x83AA7E81_80000000UL));
    }

    [Test]
    public void Era1StartsIn2036()
    {
        // RFC 4330 §3: seconds 0 with the top bit clear means 2036-02-07T06:28:16Z.
        var rollover = new DateTime(2036, 2, 7, 6, 28, 16, DateTimeKind.Utc);
        Assert.That(NtpTimestamp.FromDateTime(rollover), Is.Zero);
        Assert.That(NtpTimestamp.ToDateTime(0), Is.EqualTo(rollover));
        DateTime later = rollover.AddDays(3650).AddTicks(1234567);
        Assert.That(NtpTimestamp.ToDateTime(NtpTimestamp.FromDateTime(later)), Is.EqualTo(later));
    }

    [Test]
    public void RoundTripsTicksWithinOneTick()
    {
        var random = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            long ticks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks + (long)(random.NextDouble() * TimeSpan.TicksPerDay * 365 * 30);
            Assert.That(NtpTimestamp.ToTicks(NtpTimestamp.FromTicks(ticks)), Is.EqualTo(ticks));
        }
    }

    [Test]
    public void CompactIsTheMiddle32Bits() =>
        Assert.That(NtpTimestamp.ToCompact(0x12345678_9ABCDEF0UL), Is.EqualTo(0x56789ABCu));

    [Test]
    public void DelayConvertsToSixteenSixteen()
    {
        Assert.That(NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromSeconds(5.25)), Is.EqualTo(0x00054000u));
        Assert.That(NtpTimestamp.CompactToTimeSpan(0x00054000), Is.EqualTo(TimeSpan.FromSeconds(5.25)));
        Assert.That(NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromMilliseconds(-1)), Is.Zero);
        Assert.That(NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromDays(2)), Is.EqualTo(uint.MaxValue));
    }

    [Test]
    public void RoundTripTimeMatchesRfc3550Figure2()
    {
        // §6.4.1: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s), DLSR = 0x0005:4000 (5.250 s) → 6.125 s.
        Assert.That(NtpTimestamp.RoundTripTime(0xb7108000, 0xb7052000, 0x00054000), Is.EqualTo(TimeSpan.FromSeconds(6.125)));
        Assert.That(NtpTimestamp.RoundTripTime(0xb7108000, 0, 0x00054000), Is.EqualTo(TimeSpan.Zero), "no SR seen yet");
        Assert.That(NtpTimestamp.RoundTripTime(0xb7050000, 0xb7052000, 0), Is.EqualTo(TimeSpan.Zero), "clock skew");
    }
}
