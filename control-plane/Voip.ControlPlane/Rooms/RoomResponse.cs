namespace Voip.ControlPlane.Rooms;

/// <summary>A room as REST shows it: who made it and who is in it now.</summary>
public sealed record RoomResponse(string RoomId, string Name, string CreatedBy, DateTimeOffset CreatedAt, bool Active, IReadOnlyList<RoomParticipantInfo> Participants)
{
    internal static RoomResponse From(Room room)
    {
        var participants = room.Snapshot();
        return new RoomResponse(room.RoomId, room.Name, room.CreatedBy, room.CreatedAt, participants.Length > 0, participants);
    }
}
