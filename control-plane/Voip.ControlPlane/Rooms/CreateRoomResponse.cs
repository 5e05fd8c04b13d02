namespace Voip.ControlPlane.Rooms;

public sealed record CreateRoomResponse(string RoomId, string Name);
