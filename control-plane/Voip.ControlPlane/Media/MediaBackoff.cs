namespace Voip.ControlPlane.Media;

/// <summary>Reconnect delays: <c>initial × 2^attempt</c>, capped, so a dead engine costs a handful of attempts a minute.</summary>
public static class MediaBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max)
    {
        if (attempt <= 0)
        {
            return initial < max ? initial : max;
        }

        // 2^20 × any sane initial delay is beyond every cap; stop doubling there (no overflow).
        var factor = 1L << Math.Min(attempt, 20);
        var ticks = initial.Ticks > max.Ticks / factor ? max.Ticks : initial.Ticks * factor;
        return TimeSpan.FromTicks(Math.Min(ticks, max.Ticks));
    }
}
