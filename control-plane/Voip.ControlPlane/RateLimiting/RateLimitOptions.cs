using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>
/// Seed §7.3.1: 100 requests per 15 minutes per client for the API, 5 failed authentication attempts per
/// 15 minutes (successful ones not counted) per client and per account. RATE_LIMIT_MAX, RATE_LIMIT_WINDOW,
/// AUTH_RATE_LIMIT_MAX, AUTH_RATE_LIMIT_WINDOW.
/// </summary>
public sealed class RateLimitOptions
{
    public int GeneralLimit { get; init; } = 100;

    public TimeSpan GeneralWindow { get; init; } = TimeSpan.FromMinutes(15);

    public int AuthLimit { get; init; } = 5;

    public TimeSpan AuthWindow { get; init; } = TimeSpan.FromMinutes(15);

    public static RateLimitOptions Read(SettingsReader reader) => new()
    {
        GeneralLimit = reader.Int("RATE_LIMIT_MAX", 100, 1, int.MaxValue),
        GeneralWindow = reader.Duration("RATE_LIMIT_WINDOW", TimeSpan.FromMinutes(15)),
        AuthLimit = reader.Int("AUTH_RATE_LIMIT_MAX", 5, 1, int.MaxValue),
        AuthWindow = reader.Duration("AUTH_RATE_LIMIT_WINDOW", TimeSpan.FromMinutes(15)),
    };
}
