using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Storage.Redis;

/// <summary>REDIS_HOST, REDIS_PORT (6379), REDIS_PASSWORD, REDIS_KEY_PREFIX ("voip:"); Redis is used only when REDIS_HOST is set.</summary>
public sealed class RedisOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 6379;

    public string? Password { get; init; }

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "voip:";

    public static RedisOptions? Read(SettingsReader reader)
    {
        var host = reader.String("REDIS_HOST");
        var port = reader.Int("REDIS_PORT", 6379, 1, 65535);
        if (host is null)
        {
            if (reader.String("REDIS_PORT") is not null)
            {
                reader.Fail("REDIS_PORT is set but REDIS_HOST is not; set REDIS_HOST to use Redis");
            }

            return null;
        }

        return new RedisOptions
        {
            Host = host,
            Port = port,
            Password = reader.String("REDIS_PASSWORD"),
            KeyPrefix = reader.String("REDIS_KEY_PREFIX", "voip:")!,
        };
    }
}
