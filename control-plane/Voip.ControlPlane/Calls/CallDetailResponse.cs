using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Calls;

/// <summary>GET /api/calls/{callId}: the whole §4.3.1 record with participants resolved as in the history.</summary>
public sealed record CallDetailResponse(
    string CallId,
    UserSummary CallerId,
    UserSummary CalleeId,
    string CallType,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    int Duration,
    string Status,
    IReadOnlyList<CallRecording> Recordings,
    CallQuality Quality);
