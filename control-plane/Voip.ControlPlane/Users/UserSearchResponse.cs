namespace Voip.ControlPlane.Users;

/// <summary>GET /api/users?search=: public summaries (no emails).</summary>
public sealed record UserSearchResponse(IReadOnlyList<UserSummary> Users);
