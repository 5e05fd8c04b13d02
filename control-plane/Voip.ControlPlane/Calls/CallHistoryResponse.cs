namespace Voip.ControlPlane.Calls;

/// <summary>GET /api/calls/history response (seed §6.2): <c>{ calls[], pagination{page, limit, total, pages} }</c>.</summary>
public sealed record CallHistoryResponse(IReadOnlyList<CallHistoryItem> Calls, Pagination Pagination);
