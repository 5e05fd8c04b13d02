namespace Voip.ControlPlane.Calls;

/// <summary>One participant of a group (room) call: when they were in it and their quality (seed §4.3.1 quality{} per person).</summary>
public sealed record CallParticipant(string UserId, DateTimeOffset JoinedAt, DateTimeOffset LeftAt, CallQuality Quality);
