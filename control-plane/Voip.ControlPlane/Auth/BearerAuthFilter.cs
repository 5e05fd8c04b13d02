using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;access token&gt;</c>: a missing or bad token is 401 AUTH001, an
/// expired one 401 AUTH002 (seed appendix A), a revoked one (logout, refresh reuse) 401 AUTH001. Sets
/// WWW-Authenticate as RFC 6750 §3 asks.
/// </summary>
public sealed class BearerAuthFilter(TokenService tokens, ITokenRevocationStore revocations) : IEndpointFilter
{
    private const string Scheme = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Features.Set(await AuthenticateAsync(http));
        return await next(context);
    }

    /// <summary>
    /// The caller, or an <see cref="ApiException"/>. A token seen before is looked up straight from the header
    /// (no copy) and, with the in-process revocation list, completes synchronously.
    /// </summary>
    public ValueTask<AuthenticatedUser> AuthenticateAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            throw ApiException.Unauthorized("Missing bearer token");
        }

        var token = value.AsSpan(Scheme.Length).Trim();
        return tokens.TryValidateCachedAccessToken(token, out var known)
            ? CheckAsync(http, known)
            : ValidateAsync(http, token.ToString());
    }

    private async ValueTask<AuthenticatedUser> ValidateAsync(HttpContext http, string token) =>
        await CheckAsync(http, await tokens.ValidateAccessTokenAsync(token));

    private ValueTask<AuthenticatedUser> CheckAsync(HttpContext http, ValidatedToken result)
    {
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
        var revoked = revocations.IsRevokedAsync(user.TokenId, user.SessionId, http.RequestAborted);
        return revoked.IsCompletedSuccessfully ? new(Revoked(http, user, revoked.Result)) : AwaitRevocationAsync(http, user, revoked);
    }

    private static async ValueTask<AuthenticatedUser> AwaitRevocationAsync(HttpContext http, AuthenticatedUser user, Task<bool> revoked) =>
        Revoked(http, user, await revoked);

    private static AuthenticatedUser Revoked(HttpContext http, AuthenticatedUser user, bool revoked)
    {
        if (revoked)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"The token was revoked\"";
            throw ApiException.Unauthorized("Token has been revoked");
        }

        return user;
    }
}
