using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Events;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.RateLimiting;

namespace Voip.ControlPlane.Storage.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>Shared state across replicas: token revocation, rate-limit counters, presence, the event bus and the engines' own registrations.</summary>
    public static IServiceCollection AddVoipRedis(this IServiceCollection services, RedisOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<IStoreInitializer>(sp => sp.GetRequiredService<RedisConnection>());
        services.AddSingleton<IDependencyCheck>(sp => sp.GetRequiredService<RedisConnection>());
        services.AddSingleton<ITokenRevocationStore, RedisTokenRevocationStore>();
        services.AddSingleton<IRateLimitStore, RedisRateLimitStore>();
        services.AddSingleton<IPresenceTracker, RedisPresenceTracker>();
        services.AddSingleton<IEventBus, RedisEventBus>();
        services.AddSingleton<IMediaEngineDirectory, RedisMediaEngineDirectory>();
        return services;
    }
}
