using Voip.ControlPlane.Hosting;
using Voip.ControlPlane.Storage.Redis;

namespace Voip.ControlPlane.Signaling;

public static class SignalingServiceCollectionExtensions
{
    /// <summary>Signaling (seed §4.1): live calls in Redis when REDIS_HOST is set, in-process otherwise.</summary>
    public static IServiceCollection AddVoipSignaling(this IServiceCollection services, IConfiguration configuration, VoipSettings settings)
    {
        services.AddSingleton(SignalingOptions.Read(configuration, settings.Server));
        services.AddSingleton<SignalingCounters>();
        services.AddSingleton<SignalingHub>();
        services.AddSingleton<CallCoordinator>();
        services.AddSingleton<SignalingServices>();
        if (settings.Redis is not null)
        {
            services.AddSingleton<ILiveCallStore>(sp => new RedisLiveCallStore(sp.GetRequiredService<RedisConnection>()));
        }
        else
        {
            services.AddSingleton<ILiveCallStore, InMemoryLiveCallStore>();
        }

        services.AddHostedService<SignalingBackgroundService>();
        return services;
    }

    /// <summary>WebSockets (our own Engine.IO heartbeat, so no WebSocket keep-alive) and the /socket.io/ endpoint.</summary>
    public static WebApplication UseVoipSignaling(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.MapMethods(SignalingEndpoint.Path, ["GET", "POST"], SignalingEndpoint.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
