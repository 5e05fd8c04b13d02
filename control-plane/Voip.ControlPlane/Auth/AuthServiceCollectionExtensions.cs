using Microsoft.Extensions.DependencyInjection.Extensions;
using Voip.ControlPlane.RateLimiting;

namespace Voip.ControlPlane.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>Tokens, password hashing, auth endpoints' service and the rate limiter; in-process stores unless Redis replaced them.</summary>
    public static IServiceCollection AddVoipAuth(this IServiceCollection services, AuthOptions auth, RateLimitOptions rateLimits)
    {
        services.AddSingleton(auth);
        services.AddSingleton(rateLimits);
        services.AddOptions<PasswordHasherOptions>();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<BearerAuthFilter>();
        services.AddSingleton<AuthService>();
        services.AddSingleton<RateLimiter>();
        services.TryAddSingleton<ITokenRevocationStore, InMemoryTokenRevocationStore>();
        services.TryAddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        return services;
    }
}
