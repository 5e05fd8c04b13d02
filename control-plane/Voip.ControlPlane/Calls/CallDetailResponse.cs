using System.Text.Json.Serialization;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Calls;

/// <summary>
/// GET /api/calls/{callId}: the whole §4.3.1 record with participants resolved as in the history; a group (room)
/// call adds <c>participants</c> with each one's times and quality (absent for 1:1 calls).
/// </summary>
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
    CallQuality Quality,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<CallParticipantDetail>? Participants = null);
