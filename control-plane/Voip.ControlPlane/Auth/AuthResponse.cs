namespace Voip.ControlPlane.Auth;

/// <summary>The seed's register response (§6.1), also returned by login and refresh: <c>{ userId, token, refreshToken }</c>.</summary>
public sealed record AuthResponse(string UserId, string Token, string RefreshToken);
