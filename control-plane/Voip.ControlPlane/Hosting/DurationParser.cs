using System.Globalization;

namespace Voip.ControlPlane.Hosting;

/// <summary>
/// Parses durations written the way the seed's environment does (<c>15m</c>, <c>7d</c>): a positive number and a
/// unit of ms, s, m, h, d or w. A bare number is seconds (what jsonwebtoken's expiresIn does with numbers).
/// </summary>
public static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        var split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !double.TryParse(s.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return false;
        }

        double? ms = s[split..].Trim().ToLowerInvariant() switch
        {
            "" or "s" or "sec" or "secs" or "second" or "seconds" => value * 1000,
            "ms" => value,
            "m" or "min" or "mins" or "minute" or "minutes" => value * 60_000,
            "h" or "hr" or "hrs" or "hour" or "hours" => value * 3_600_000,
            "d" or "day" or "days" => value * 86_400_000,
            "w" or "week" or "weeks" => value * 604_800_000,
            _ => null,
        };
        if (ms is not { } millis || millis < 1 || millis > TimeSpan.FromDays(3650).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(millis);
        return true;
    }
}
