namespace Voip.ControlPlane.Users;

/// <summary>A stored account. <see cref="Email"/> is normalized (trimmed, lower case) and unique.</summary>
public sealed record UserRecord(
    string Id,
    string Email,
    string Name,
    string? Avatar,
    string Role,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
