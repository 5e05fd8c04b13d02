namespace Voip.ControlPlane.Auth;

public static class HttpContextAuthExtensions
{
    /// <summary>The caller authenticated by <see cref="BearerAuthFilter"/>; only valid on endpoints that require it.</summary>
    public static AuthenticatedUser GetUser(this HttpContext context) =>
        context.Features.Get<AuthenticatedUser>() ?? throw new InvalidOperationException("The endpoint does not require a bearer token");

    /// <summary>Requires a valid, unrevoked access token on every endpoint of the group.</summary>
    public static TBuilder RequireBearer<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, BearerAuthFilter>();
}
