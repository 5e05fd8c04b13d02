namespace Voip.ControlPlane.Tests.Support;

public sealed record Session(string UserId, string Email, string Token, string RefreshToken);
