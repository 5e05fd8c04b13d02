namespace Voip.ControlPlane.Auth;

public sealed record IssuedToken(string Token, string TokenId, DateTimeOffset ExpiresAt);
