namespace Voip.ControlPlane.Auth;

/// <summary>The caller of a request, from a validated access token (seed §7.1.1 claims plus jti and session).</summary>
public sealed record AuthenticatedUser(
    string UserId,
    string Email,
    string Name,
    string Role,
    string TokenId,
    string SessionId,
    DateTimeOffset ExpiresAt)
{
    public bool IsAdmin => Role == Roles.Admin;
}
