using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Rooms;

/// <summary>/api/rooms: list, create and read group rooms (joining happens over signaling: room-join).</summary>
public static class RoomEndpoints
{
    public static IEndpointRouteBuilder MapRoomEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rooms").WithTags("Rooms").RequireBearer();

        group.MapGet("/", (RoomService rooms) =>
            TypedResults.Ok(new RoomListResponse([.. rooms.List().Select(RoomResponse.From)])))
        .Produces<RoomListResponse>();

        group.MapPost("/", async (HttpContext context, RoomService rooms) =>
        {
            var request = await JsonBody.ReadAsync(context.Request, RoomsJsonContext.Default.CreateRoomRequest);
            Room room;
            try
            {
                room = rooms.Create(context.GetUser(), request.Name);
            }
            catch (RoomException ex)
            {
                throw ApiException.BadRequest(ex.Message);
            }

            return TypedResults.Created($"/api/rooms/{room.RoomId}", new CreateRoomResponse(room.RoomId, room.Name));
        })
        .Accepts<CreateRoomRequest>("application/json")
        .Produces<CreateRoomResponse>(StatusCodes.Status201Created)
        .Produces<ApiError>(StatusCodes.Status400BadRequest);

        group.MapGet("/{roomId}", (string roomId, HttpContext context, RoomService rooms) =>
        {
            if (!Guid.TryParseExact(roomId, "D", out _))
            {
                throw ApiException.BadRequest("roomId must be a UUID");
            }

            var room = rooms.Find(roomId.ToLowerInvariant()) ?? throw ApiException.NotFound("Room not found");
            if (room.CallUsers is { } callUsers && !callUsers.Contains(context.GetUser().UserId))
            {
                // A 1:1 call's room is private: to anyone else it does not exist.
                throw ApiException.NotFound("Room not found");
            }

            return TypedResults.Ok(RoomResponse.From(room));
        })
        .Produces<RoomResponse>()
        .Produces<ApiError>(StatusCodes.Status400BadRequest)
        .Produces<ApiError>(StatusCodes.Status404NotFound);

        return app;
    }
}
