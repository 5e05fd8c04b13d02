namespace Voip.ControlPlane.Auth;

/// <summary>The outcome of checking a token: its status and, when valid, who it names.</summary>
public readonly record struct ValidatedToken(TokenValidationStatus Status, AuthenticatedUser? User)
{
    public static readonly ValidatedToken Expired = new(TokenValidationStatus.Expired, null);
    public static readonly ValidatedToken Invalid = new(TokenValidationStatus.Invalid, null);
}
