using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Calls;

/// <summary>One entry of GET /api/calls/history, exactly the seed's shape (§6.2).</summary>
public sealed record CallHistoryItem(
    string CallId,
    UserSummary CallerId,
    UserSummary CalleeId,
    string CallType,
    DateTimeOffset StartTime,
    int Duration,
    string Status);
