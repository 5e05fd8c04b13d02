namespace Voip.ControlPlane.Rooms;

public static class RoomsServiceCollectionExtensions
{
    /// <summary>Group rooms (needs the media registry from AddVoipMedia and signaling's hub).</summary>
    public static IServiceCollection AddVoipRooms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(RoomOptions.Read(configuration));
        services.AddSingleton<RoomService>();
        services.AddHostedService<RoomMaintenanceService>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(RoomsJsonContext.Default));
        return services;
    }
}
