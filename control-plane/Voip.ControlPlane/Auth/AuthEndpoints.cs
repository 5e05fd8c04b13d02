using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Auth;

/// <summary>/api/auth (seed §6.1) plus refresh and logout.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth").WithTags("Auth");

        group.MapPost("/register", async (HttpContext context, AuthService service) =>
        {
            var request = await JsonBody.ReadAsync(context.Request, VoipJsonContext.Default.RegisterRequest);
            var response = await service.RegisterAsync(request, ClientIdentity.Of(context), context.RequestAborted);
            return TypedResults.Created($"/api/users/{response.UserId}", response);
        })
        .Accepts<RegisterRequest>("application/json")
        .Produces<AuthResponse>(StatusCodes.Status201Created)
        .Produces<ApiError>(StatusCodes.Status400BadRequest)
        .Produces<ApiError>(StatusCodes.Status409Conflict)
        .Produces<ApiError>(StatusCodes.Status429TooManyRequests);

        group.MapPost("/login", async (HttpContext context, AuthService service) =>
        {
            var request = await JsonBody.ReadAsync(context.Request, VoipJsonContext.Default.LoginRequest);
            return TypedResults.Ok(await service.LoginAsync(request, ClientIdentity.Of(context), context.RequestAborted));
        })
        .Accepts<LoginRequest>("application/json")
        .Produces<AuthResponse>()
        .Produces<ApiError>(StatusCodes.Status401Unauthorized)
        .Produces<ApiError>(StatusCodes.Status429TooManyRequests);

        group.MapPost("/refresh", async (HttpContext context, AuthService service) =>
        {
            var request = await JsonBody.ReadAsync(context.Request, VoipJsonContext.Default.RefreshRequest);
            return TypedResults.Ok(await service.RefreshAsync(request, ClientIdentity.Of(context), context.RequestAborted));
        })
        .Accepts<RefreshRequest>("application/json")
        .Produces<AuthResponse>()
        .Produces<ApiError>(StatusCodes.Status401Unauthorized);

        group.MapPost("/logout", async (HttpContext context, AuthService service, BearerAuthFilter bearer) =>
        {
            RefreshRequest? request = null;
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                request = await JsonBody.ReadAsync(context.Request, VoipJsonContext.Default.RefreshRequest);
            }

            AuthenticatedUser? caller = context.Request.Headers.Authorization.Count > 0 ? await bearer.AuthenticateAsync(context) : null;
            await service.LogoutAsync(request, caller, context.RequestAborted);
            return TypedResults.Ok(new SuccessResponse(true, "Logged out"));
        })
        .Accepts<RefreshRequest>("application/json")
        .Produces<SuccessResponse>()
        .Produces<ApiError>(StatusCodes.Status401Unauthorized);

        return app;
    }
}
