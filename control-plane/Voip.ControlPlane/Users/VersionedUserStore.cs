using Voip.ControlPlane.Calls;

namespace Voip.ControlPlane.Users;

/// <summary>
/// The registered <see cref="IUserStore"/>: forwards to the real store and, after a user is created or their
/// name/avatar changed, expires every cached history page (<see cref="CallHistoryVersions.UserChanged"/>), since
/// pages embed participants' summaries ("Deleted user" for ids without an account).
/// </summary>
public sealed class VersionedUserStore(IUserStore inner, CallHistoryVersions versions) : IUserStore
{
    public IUserStore Inner => inner;

    public async Task<bool> TryCreateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.TryCreateAsync(user, cancellationToken);
        }
        finally
        {
            versions.UserChanged();
        }
    }

    public Task<UserRecord?> GetByIdAsync(string id, CancellationToken cancellationToken) => inner.GetByIdAsync(id, cancellationToken);

    public Task<UserRecord?> GetByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => inner.GetByEmailAsync(normalizedEmail, cancellationToken);

    public Task<IReadOnlyList<UserRecord>> SearchAsync(string query, int limit, CancellationToken cancellationToken) => inner.SearchAsync(query, limit, cancellationToken);

    public async Task<UserRecord?> UpdateProfileAsync(string id, string name, string? avatar, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.UpdateProfileAsync(id, name, avatar, updatedAt, cancellationToken);
        }
        finally
        {
            versions.UserChanged();
        }
    }
}
