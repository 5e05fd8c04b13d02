namespace Voip.ControlPlane.Calls;

public static class CallsServiceCollectionExtensions
{
    public static IServiceCollection AddVoipCalls(this IServiceCollection services) => services.AddSingleton<CallService>();
}
