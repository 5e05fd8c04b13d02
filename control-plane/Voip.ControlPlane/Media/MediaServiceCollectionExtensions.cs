using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Voip.ControlPlane.Media;

public static class MediaServiceCollectionExtensions
{
    /// <summary>The engine registry (MEDIA_ENGINES) as a hosted service; tests may register their own client factory first.</summary>
    public static IServiceCollection AddVoipMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(MediaOptions.Read(configuration));
        services.TryAddSingleton<IMediaEngineClientFactory, GrpcMediaEngineClientFactory>();
        services.AddSingleton<MediaEngineRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<MediaEngineRegistry>());
        return services;
    }
}
