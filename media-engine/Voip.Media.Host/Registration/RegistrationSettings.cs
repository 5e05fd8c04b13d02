namespace Voip.Media.Host.Registration;

/// <summary>
/// Where and how the engine announces itself to control planes through Redis (off unless --register-redis is set):
/// the set <c>{prefix}media:engines</c> lists engine URLs, and <c>{prefix}media:engine:{url}</c> holds each one's
/// load as JSON with a time-to-live of three heartbeats, so an engine that stops heartbeating drops out by itself.
/// </summary>
public sealed class RegistrationSettings
{
    /// <summary>Redis host; null = no registration (control planes use their MEDIA_ENGINES list).</summary>
    public string? RedisHost { get; set; }

    public int RedisPort { get; set; } = 6379;

    public string? RedisPassword { get; set; }

    /// <summary>The control plane's REDIS_KEY_PREFIX; both sides must agree.</summary>
    public string KeyPrefix { get; set; } = "voip:";

    /// <summary>The gRPC URL control planes should dial; null = derived from the gRPC listen address.</summary>
    public Uri? AdvertiseUrl { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    public bool Enabled => RedisHost is not null;

    /// <summary>How long a heartbeat stays valid: three missed heartbeats and the engine is gone.</summary>
    public TimeSpan TimeToLive => Interval * 3;

    public string SetKey => KeyPrefix + "media:engines";

    public string EngineKey(string url) => KeyPrefix + "media:engine:" + url;
}
