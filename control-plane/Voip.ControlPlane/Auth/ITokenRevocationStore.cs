namespace Voip.ControlPlane.Auth;

/// <summary>
/// Revoked token ids (jti) and sessions (sid), kept until the tokens would have expired anyway. Shared by
/// every replica through Redis when REDIS_HOST is set; in-process otherwise.
/// </summary>
public interface ITokenRevocationStore
{
    Task RevokeAsync(string id, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>True when the token or its session has been revoked.</summary>
    Task<bool> IsRevokedAsync(string tokenId, string sessionId, CancellationToken cancellationToken);
}
