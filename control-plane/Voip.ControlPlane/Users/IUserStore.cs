namespace Voip.ControlPlane.Users;

/// <summary>Accounts. Implemented by the SQLite store (default) and the MongoDB store (MONGODB_URL).</summary>
public interface IUserStore
{
    /// <summary>Inserts the user; false when the email is already registered (atomic: exactly one concurrent insert wins).</summary>
    Task<bool> TryCreateAsync(UserRecord user, CancellationToken cancellationToken);

    Task<UserRecord?> GetByIdAsync(string id, CancellationToken cancellationToken);

    Task<UserRecord?> GetByEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Users whose name or email contains <paramref name="query"/> (case-insensitive), by name.</summary>
    Task<IReadOnlyList<UserRecord>> SearchAsync(string query, int limit, CancellationToken cancellationToken);

    /// <summary>Updates name and avatar; returns the updated record, or null when the user does not exist.</summary>
    Task<UserRecord?> UpdateProfileAsync(string id, string name, string? avatar, DateTimeOffset updatedAt, CancellationToken cancellationToken);
}
