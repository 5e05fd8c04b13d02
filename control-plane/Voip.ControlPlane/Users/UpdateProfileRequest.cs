namespace Voip.ControlPlane.Users;

/// <summary>PATCH /api/users/me body: fields left out stay unchanged; an empty avatar removes it.</summary>
public sealed record UpdateProfileRequest(string? Name, string? Avatar);
