using Microsoft.Data.Sqlite;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>Users in SQLite; the UNIQUE index on email makes concurrent registrations of one email race-free.</summary>
public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    private const int SqliteConstraint = 19;
    private const string Columns = "id, email, name, avatar, role, password_hash, created_at, updated_at";

    public async Task<bool> TryCreateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO users ({Columns}) VALUES ($id, $email, $name, $avatar, $role, $hash, $created, $updated)";
        command.Parameters.AddWithValue("$id", user.Id);
        command.Parameters.AddWithValue("$email", user.Email);
        command.Parameters.AddWithValue("$name", user.Name);
        command.Parameters.AddWithValue("$avatar", (object?)user.Avatar ?? DBNull.Value);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$hash", user.PasswordHash);
        command.Parameters.AddWithValue("$created", SqliteTime.ToDb(user.CreatedAt));
        command.Parameters.AddWithValue("$updated", SqliteTime.ToDb(user.UpdatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            return false;
        }
    }

    public Task<UserRecord?> GetByIdAsync(string id, CancellationToken cancellationToken) =>
        SingleAsync("id = $value", id, cancellationToken);

    public Task<UserRecord?> GetByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        SingleAsync("email = $value", normalizedEmail, cancellationToken);

    public async Task<IReadOnlyList<UserRecord>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        // LIKE with an escape character, so '%' and '_' typed by the user match literally.
        var pattern = "%" + query.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM users WHERE name LIKE $p ESCAPE '\\' OR email LIKE $p ESCAPE '\\' ORDER BY name COLLATE NOCASE, id LIMIT $limit";
        command.Parameters.AddWithValue("$p", pattern);
        command.Parameters.AddWithValue("$limit", limit);
        var result = new List<UserRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public async Task<UserRecord?> UpdateProfileAsync(string id, string name, string? avatar, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE users SET name = $name, avatar = $avatar, updated_at = $updated WHERE id = $id RETURNING {Columns}";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$avatar", (object?)avatar ?? DBNull.Value);
        command.Parameters.AddWithValue("$updated", SqliteTime.ToDb(updatedAt));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private async Task<UserRecord?> SingleAsync(string where, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM users WHERE {where}";
        command.Parameters.AddWithValue("$value", value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static UserRecord Read(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        SqliteTime.FromDb(r.GetInt64(6)),
        SqliteTime.FromDb(r.GetInt64(7)));
}
