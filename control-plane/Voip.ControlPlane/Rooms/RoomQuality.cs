namespace Voip.ControlPlane.Rooms;

/// <summary>
/// A MOS-like score (1 … 4.5) from loss, jitter and round-trip time, after the ITU-T G.107 E-model reduced
/// to what the engine measures: R = 93.2 − delay impairment − 2.5 × loss%, where the effective one-way delay
/// is RTT/2 + 2 × jitter + 10 ms of codec delay; MOS = 1 + 0.035R + 7·10⁻⁶ R (R − 60)(100 − R) (G.107 Annex B).
/// Video uses the same curve: there is no standard for it, and loss and delay hurt it the same way.
/// </summary>
public static class RoomQuality
{
    /// <summary>A sample this bad or worse counts as a connection issue (MOS below "fair").</summary>
    public const double IssueThreshold = 2.6;

    public static double Mos(double fractionLost, double jitterMs, double roundTripMs)
    {
        var lossPercent = Math.Clamp(fractionLost, 0, 1) * 100;
        var delay = (Math.Max(roundTripMs, 0) / 2) + (2 * Math.Max(jitterMs, 0)) + 10;
        var delayImpairment = delay < 160 ? delay / 40 : (delay - 120) / 10;
        var r = Math.Clamp(93.2 - delayImpairment - (2.5 * lossPercent), 0, 100);
        var mos = 1 + (0.035 * r) + (7e-6 * r * (r - 60) * (100 - r));
        return Math.Round(Math.Clamp(mos, 1, 4.5), 2);
    }
}
