namespace Voip.ControlPlane.Calls;

/// <summary>One cached GET /api/calls/history answer: whose history, which page, page size and call-type filter.</summary>
public readonly record struct CallHistoryPageKey(string UserId, int Page, int Limit, string? CallType);
