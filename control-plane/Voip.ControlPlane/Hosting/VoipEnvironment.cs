namespace Voip.ControlPlane.Hosting;

/// <summary>Maps the seed's NODE_ENV onto ASP.NET Core environment names when ASPNETCORE_ENVIRONMENT is not set.</summary>
public static class VoipEnvironment
{
    public static string? FromNodeEnv(string? nodeEnv) => nodeEnv?.Trim().ToLowerInvariant() switch
    {
        null or "" => null,
        "production" => Environments.Production,
        "development" or "dev" => Environments.Development,
        "staging" => Environments.Staging,
        "test" or "testing" => "Testing",
        var other => other,
    };
}
