using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Voip.ControlPlane.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>The engine registry (MEDIA_ENGINES, plus engines registered in Redis when REDIS_HOST is set) as a hosted service; tests may register their own client factory first.</summary>
    public static IServiceCollection AddVoipMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MediaOptions.Read(configuration));
        services.TryAddSingleton<IMediaEngineClientFactory, GrpcMediaEngineClientFactory>();
        services.AddSingleton(sp => new MediaEngineRegistry(
            sp.GetRequiredService<MediaOptions>(),
            sp.GetRequiredService<IMediaEngineClientFactory>(),
            sp.GetRequiredService<ILogger<MediaEngineRegistry>>(),
            sp.GetService<IMediaEngineDirectory>()));
        services.AddHostedService(sp => sp.GetRequiredService<MediaEngineRegistry>());
        return services;
    }
}
