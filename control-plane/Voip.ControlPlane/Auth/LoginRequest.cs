namespace Voip.ControlPlane.Auth;

/// <summary>POST /api/auth/login body (seed §6.1).</summary>
public sealed record LoginRequest(string? Email, string? Password);
