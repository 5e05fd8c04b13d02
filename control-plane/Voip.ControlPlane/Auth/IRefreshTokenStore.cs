namespace Voip.ControlPlane.Auth;

/// <summary>Refresh tokens, persisted beside the users so that every replica sees rotation state.</summary>
public interface IRefreshTokenStore
{
    Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    /// <summary>Atomically marks the token used if it is live; exactly one concurrent caller gets <see cref="RefreshConsumeStatus.Consumed"/>.</summary>
    Task<(RefreshConsumeStatus Status, RefreshTokenRecord? Token)> ConsumeAsync(string tokenId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every token of the family; returns how many were live.</summary>
    Task<int> RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> GetAsync(string tokenId, CancellationToken cancellationToken);
}
