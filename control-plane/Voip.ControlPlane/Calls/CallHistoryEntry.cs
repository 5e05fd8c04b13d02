using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Calls;

/// <summary>One row of a user's call history with both participants resolved.</summary>
public sealed record CallHistoryEntry(
    string CallId,
    UserSummary Caller,
    UserSummary Callee,
    string CallType,
    DateTimeOffset StartTime,
    DateTimeOffset? EndTime,
    int Duration,
    string Status);
