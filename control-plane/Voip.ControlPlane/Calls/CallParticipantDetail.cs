using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Calls;

/// <summary>A group call participant in GET /api/calls/{callId}: the user resolved, their times and quality.</summary>
public sealed record CallParticipantDetail(UserSummary User, DateTimeOffset JoinedAt, DateTimeOffset LeftAt, CallQuality Quality);
