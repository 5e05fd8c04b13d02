using System.Text;
using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Auth;

/// <summary>JWT settings (JWT_SECRET, JWT_EXPIRES_IN, REFRESH_TOKEN_EXPIRES_IN, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_SKEW).</summary>
public sealed class AuthOptions
{
    /// <summary>The placeholder from the seed's appendix B; never acceptable outside Development.</summary>
    public const string SeedPlaceholderSecret = "your-secret-key";

    /// <summary>Used in Development when JWT_SECRET is not set, so that a fresh checkout runs.</summary>
    public const string DevelopmentSecret = "voip-development-only-secret-do-not-use-in-production";

    public required string JwtSecret { get; init; }

    public string Issuer { get; init; } = "voip-control-plane";

    public string Audience { get; init; } = "voip";

    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Tolerance for clocks of different replicas when checking exp/nbf.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);

    public static AuthOptions Read(SettingsReader reader, IHostEnvironment environment)
    {
        var secret = reader.String("JWT_SECRET");
        var isDevelopment = environment.IsDevelopment();
        if (secret is null || secret == SeedPlaceholderSecret || secret == DevelopmentSecret)
        {
            if (!isDevelopment)
            {
                reader.Fail(secret is null
                    ? $"JWT_SECRET is not set; outside Development ('{environment.EnvironmentName}') a secret of at least 32 bytes is required (for example: openssl rand -base64 48)"
                    : $"JWT_SECRET is the default placeholder; outside Development ('{environment.EnvironmentName}') anyone could forge tokens with it — set a random secret of at least 32 bytes");
            }

            secret ??= DevelopmentSecret;
        }
        else if (Encoding.UTF8.GetByteCount(secret) < 32)
        {
            // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output (256 bits).
            reader.Fail("JWT_SECRET must be at least 32 bytes long (RFC 7518 §3.2 requires a 256-bit key for HS256)");
        }

        var access = reader.Duration("JWT_EXPIRES_IN", TimeSpan.FromMinutes(15));
        var refresh = reader.Duration("REFRESH_TOKEN_EXPIRES_IN", TimeSpan.FromDays(7));
        if (refresh <= access)
        {
            reader.Fail("REFRESH_TOKEN_EXPIRES_IN must be longer than JWT_EXPIRES_IN");
        }

        return new AuthOptions
        {
            JwtSecret = secret,
            Issuer = reader.String("JWT_ISSUER", "voip-control-plane")!,
            Audience = reader.String("JWT_AUDIENCE", "voip")!,
            AccessTokenLifetime = access,
            RefreshTokenLifetime = refresh,
            ClockSkew = reader.Configuration["JWT_CLOCK_SKEW"] is "0" ? TimeSpan.Zero : reader.Duration("JWT_CLOCK_SKEW", TimeSpan.FromSeconds(30)),
        };
    }
}
