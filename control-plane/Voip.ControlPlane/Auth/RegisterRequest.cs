namespace Voip.ControlPlane.Auth;

/// <summary>POST /api/auth/register body (seed §6.1).</summary>
public sealed record RegisterRequest(string? Email, string? Password, string? Name);
