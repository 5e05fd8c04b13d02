namespace Voip.ControlPlane.Hosting;

/// <summary>HTTP listener and CORS settings (PORT, HOST, CORS_ORIGINS, TRUST_FORWARDED_HEADERS).</summary>
public sealed class ServerOptions
{
    public int Port { get; init; } = 3000;

    public string Host { get; init; } = "0.0.0.0";

    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Honour X-Forwarded-For from the proxies on loopback (behind a load balancer).</summary>
    public bool TrustForwardedHeaders { get; init; }

    /// <summary>Media settings kept for the signaling and TURN features (seed appendix B).</summary>
    public string? StunServer { get; init; }

    public string? TurnUrl { get; init; }

    public static ServerOptions Read(SettingsReader reader)
    {
        var port = reader.Int("PORT", 3000, 0, 65535);
        var host = reader.String("HOST", "0.0.0.0")!;
        var origins = reader.String("CORS_ORIGINS") is { } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [$"http://localhost:{port}", $"http://127.0.0.1:{port}", "http://localhost:5173", "http://localhost:3000"];
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.AbsolutePath != "/")
            {
                reader.Fail($"CORS_ORIGINS entry '{origin}' must be an origin such as https://app.example.com");
            }
        }

        var stun = reader.String("STUN_SERVER");
        if (stun is not null && !stun.StartsWith("stun:", StringComparison.OrdinalIgnoreCase) && !stun.StartsWith("stuns:", StringComparison.OrdinalIgnoreCase))
        {
            reader.Fail($"STUN_SERVER='{stun}' must start with stun: or stuns:");
        }

        var turn = reader.String("TURN_URL");
        if (turn is not null && !turn.StartsWith("turn:", StringComparison.OrdinalIgnoreCase) && !turn.StartsWith("turns:", StringComparison.OrdinalIgnoreCase))
        {
            reader.Fail($"TURN_URL='{turn}' must start with turn: or turns:");
        }

        return new ServerOptions
        {
            Port = port,
            Host = host,
            CorsOrigins = origins,
            TrustForwardedHeaders = reader.Bool("TRUST_FORWARDED_HEADERS", false),
            StunServer = stun,
            TurnUrl = turn,
        };
    }
}
