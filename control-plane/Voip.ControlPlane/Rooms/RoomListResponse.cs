namespace Voip.ControlPlane.Rooms;

public sealed record RoomListResponse(IReadOnlyList<RoomResponse> Rooms);
