namespace Voip.ControlPlane.Rooms;

/// <summary>POST /api/rooms body; the name defaults to "&lt;your name&gt;'s room".</summary>
public sealed record CreateRoomRequest(string? Name);
