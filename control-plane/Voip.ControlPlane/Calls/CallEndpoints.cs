using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Calls;

/// <summary>/api/calls (seed §6.2) plus GET /api/calls/{callId}.</summary>
public static class CallEndpoints
{
    public static IEndpointRouteBuilder MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calls").WithTags("Calls").RequireBearer();

        group.MapPost("/initiate", async (HttpContext context, CallService service) =>
        {
            var request = await JsonBody.ReadAsync(context.Request, VoipJsonContext.Default.InitiateCallRequest);
            return TypedResults.Ok(await service.InitiateAsync(context.GetUser(), request, context.RequestAborted));
        })
        .Accepts<InitiateCallRequest>("application/json")
        .Produces<InitiateCallResponse>()
        .Produces<ApiError>(StatusCodes.Status400BadRequest)
        .Produces<ApiError>(StatusCodes.Status404NotFound);

        group.MapGet("/history", (HttpContext context, CallService service) =>
        {
            var request = context.Request;
            var page = Validate.QueryInt(request, "page", 1, 1, CallService.MaxPage);
            var limit = Validate.QueryInt(request, "limit", 20, 1, CallService.MaxLimit);
            var type = Validate.QueryString(request, "type", 16);
            if (type is not null && !CallTypes.IsValid(type))
            {
                throw ApiException.BadRequest("type must be 'audio' or 'video'");
            }

            return service.GetHistoryResultAsync(context.GetUser().UserId, page, limit, type, context.RequestAborted);
        })
        .Produces<CallHistoryResponse>()
        .Produces<ApiError>(StatusCodes.Status400BadRequest);

        group.MapGet("/{callId}", async (string callId, HttpContext context, CallService service) =>
            TypedResults.Ok(await service.GetAsync(context.GetUser(), callId, context.RequestAborted)))
        .Produces<CallDetailResponse>()
        .Produces<ApiError>(StatusCodes.Status403Forbidden)
        .Produces<ApiError>(StatusCodes.Status404NotFound);

        return app;
    }
}
