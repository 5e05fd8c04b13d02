using Voip.ControlPlane.Auth;
using Voip.ControlPlane.RateLimiting;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Redis;

namespace Voip.ControlPlane.Hosting;

/// <summary>Every setting of the control plane, read and validated together at start-up.</summary>
public sealed record VoipSettings(
    ServerOptions Server,
    AuthOptions Auth,
    RateLimitOptions RateLimits,
    StorageOptions Storage,
    RedisOptions? Redis,
    bool EnforcePresence)
{
    /// <summary>Reads the settings; throws <see cref="StartupValidationException"/> listing every problem.</summary>
    public static VoipSettings Read(IConfiguration configuration, IHostEnvironment environment)
    {
        var reader = new SettingsReader(configuration);
        var settings = new VoipSettings(
            ServerOptions.Read(reader),
            AuthOptions.Read(reader, environment),
            RateLimitOptions.Read(reader),
            StorageOptions.Read(reader),
            RedisOptions.Read(reader),
            reader.Bool("PRESENCE_ENFORCE", false));
        if (reader.Errors.Count > 0)
        {
            throw new StartupValidationException(reader.Errors);
        }

        return settings;
    }
}
