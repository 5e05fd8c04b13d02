namespace Voip.ControlPlane.Calls;

/// <summary>A call as stored (seed §4.3.1 Call History Schema). Statuses: see <see cref="CallStatuses"/>.</summary>
public sealed record CallRecord(
    string CallId,
    string CallerId,
    string CalleeId,
    string CallType,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    int Duration,
    string Status,
    IReadOnlyList<CallRecording> Recordings,
    CallQuality Quality);
