using System.Globalization;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>Header values for the RateLimit-* headers: small numbers come from a table instead of being formatted per response.</summary>
internal static class RateLimitNumbers
{
    private const int Cached = 1024;
    private static readonly string[] Small = CreateTable();

    public static string Format(long value) =>
        value is >= 0 and < Cached ? Small[value] : value.ToString(CultureInfo.InvariantCulture);

    private static string[] CreateTable()
    {
        var table = new string[Cached];
        for (var i = 0; i < Cached; i++)
        {
            table[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return table;
    }
}
