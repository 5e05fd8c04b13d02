using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;access token&gt;</c>: a missing or bad token is 401 AUTH001, an
/// expired one 401 AUTH002 (seed appendix A), a revoked one (logout, refresh reuse) 401 AUTH001. Sets
/// WWW-Authenticate as RFC 6750 §3 asks.
/// </summary>
public sealed class BearerAuthFilter(TokenService tokens, ITokenRevocationStore revocations) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Features.Set(await AuthenticateAsync(http));
        return await next(context);
    }

    public async Task<AuthenticatedUser> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            throw ApiException.Unauthorized("Missing bearer token");
        }

        var result = await tokens.ValidateAccessTokenAsync(value["Bearer ".Length..].Trim());
        switch (result.Status)
        {
            case TokenValidationStatus.Expired:
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The token expired\"";
                throw new ApiException(StatusCodes.Status401Unauthorized, ErrorCodes.TokenExpired, "Token expired");
            case TokenValidationStatus.Invalid:
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                throw ApiException.Unauthorized("Invalid token");
        }

        var user = result.User!;
        if (await revocations.IsRevokedAsync(user.TokenId, user.SessionId, http.RequestAborted))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The token was revoked\"";
            throw ApiException.Unauthorized("Token has been revoked");
        }

        return user;
    }
}
