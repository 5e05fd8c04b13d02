using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Users;

/// <summary>/api/users: the caller's profile, other users' public profiles and search.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireBearer();

        group.MapGet("/me", async (HttpContext context, UserService service) =>
            TypedResults.Ok(await service.GetProfileAsync(context.GetUser().UserId, context.RequestAborted)))
        .Produces<UserProfileResponse>();

        group.MapPatch("/me", async (HttpContext context, UserService service) =>
        {
            var request = await JsonBody.ReadAsync(context.Request, VoipJsonContext.Default.UpdateProfileRequest);
            return TypedResults.Ok(await service.UpdateProfileAsync(context.GetUser().UserId, request, context.RequestAborted));
        })
        .Accepts<UpdateProfileRequest>("application/json")
        .Produces<UserProfileResponse>()
        .Produces<ApiError>(StatusCodes.Status400BadRequest);

        group.MapGet("/{id}", async (string id, HttpContext context, UserService service) =>
            TypedResults.Ok(await service.GetPublicAsync(id, context.RequestAborted)))
        .Produces<UserPublicResponse>()
        .Produces<ApiError>(StatusCodes.Status404NotFound);

        group.MapGet("/", async (HttpContext context, UserService service) =>
        {
            var search = Validate.QueryString(context.Request, "search", UserService.MaxSearchLength);
            var limit = Validate.QueryInt(context.Request, "limit", 20, 1, UserService.MaxSearchLimit);
            return TypedResults.Ok(await service.SearchAsync(search, limit, context.RequestAborted));
        })
        .Produces<UserSearchResponse>()
        .Produces<ApiError>(StatusCodes.Status400BadRequest);

        return app;
    }
}
