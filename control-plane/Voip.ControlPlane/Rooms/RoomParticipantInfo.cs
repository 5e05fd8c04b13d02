namespace Voip.ControlPlane.Rooms;

/// <summary>A participant as REST and the join ack show it.</summary>
public sealed record RoomParticipantInfo(string UserId, string Name, bool AudioEnabled, bool VideoEnabled);
