namespace Voip.ControlPlane.Auth;

/// <summary>
/// One issued refresh token. Tokens issued by rotation share the <see cref="FamilyId"/> of the login that started
/// them, so a replayed (already used) token can revoke every token of that login (OAuth 2.0 Security BCP §4.14.2).
/// </summary>
public sealed record RefreshTokenRecord(
    string TokenId,
    string FamilyId,
    string UserId,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt = null,
    DateTimeOffset? RevokedAt = null);
