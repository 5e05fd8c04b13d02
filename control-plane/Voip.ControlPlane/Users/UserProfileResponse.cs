namespace Voip.ControlPlane.Users;

/// <summary>GET/PATCH /api/users/me: the caller's own profile, including the email.</summary>
public sealed record UserProfileResponse(string Id, string Email, string Name, string? Avatar, string Role, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
