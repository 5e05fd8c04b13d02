namespace Voip.ControlPlane.Users;

/// <summary>
/// GET /api/users/{id}: another user's public profile (the <see cref="UserSummary"/> fields) plus presence —
/// <c>online</c> across every replica and <c>lastSeen</c> (last heartbeat or disconnect; null if never connected).
/// </summary>
public sealed record UserPublicResponse(string Id, string Name, string? Avatar, bool Online, DateTimeOffset? LastSeen);
