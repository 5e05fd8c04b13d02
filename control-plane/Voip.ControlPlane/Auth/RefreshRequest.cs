namespace Voip.ControlPlane.Auth;

/// <summary>POST /api/auth/refresh and POST /api/auth/logout body.</summary>
public sealed record RefreshRequest(string? RefreshToken);
