using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Calls;

public static class CallsServiceCollectionExtensions
{
    public static IServiceCollection AddVoipCalls(this IServiceCollection services)
    {
        services.AddSingleton<CallService>();
        // History pages are cached only while this process is the store's only writer: with Redis configured,
        // replicas share the store and our change counters would not see their writes (CallHistoryCache).
        services.AddSingleton(sp => new CallHistoryCache(
            sp.GetRequiredService<CallHistoryVersions>(),
            enabled: sp.GetService<VoipSettings>()?.Redis is null,
            CallHistoryCache.DefaultMaxBytes));
        return services;
    }
}
