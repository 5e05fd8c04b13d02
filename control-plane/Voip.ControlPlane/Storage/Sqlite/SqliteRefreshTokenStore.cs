using Voip.ControlPlane.Auth;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>Refresh tokens in SQLite; consumption is one conditional UPDATE, so only one concurrent caller wins.</summary>
public sealed class SqliteRefreshTokenStore(SqliteDatabase database) : IRefreshTokenStore
{
    private const string Columns = "token_id, family_id, user_id, issued_at, expires_at, used_at, revoked_at";

    public async Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO refresh_tokens ({Columns}) VALUES ($id, $family, $user, $issued, $expires, $used, $revoked)";
        command.Parameters.AddWithValue("$id", token.TokenId);
        command.Parameters.AddWithValue("$family", token.FamilyId);
        command.Parameters.AddWithValue("$user", token.UserId);
        command.Parameters.AddWithValue("$issued", SqliteTime.ToDb(token.IssuedAt));
        command.Parameters.AddWithValue("$expires", SqliteTime.ToDb(token.ExpiresAt));
        command.Parameters.AddWithValue("$used", SqliteTime.ToDb(token.UsedAt));
        command.Parameters.AddWithValue("$revoked", SqliteTime.ToDb(token.RevokedAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<(RefreshConsumeStatus Status, RefreshTokenRecord? Token)> ConsumeAsync(string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"UPDATE refresh_tokens SET used_at = $now WHERE token_id = $id AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $now RETURNING {Columns}";
            command.Parameters.AddWithValue("$id", tokenId);
            command.Parameters.AddWithValue("$now", SqliteTime.ToDb(now));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return (RefreshConsumeStatus.Consumed, Read(reader));
            }
        }

        var existing = await GetAsync(tokenId, cancellationToken);
        return existing switch
        {
            null => (RefreshConsumeStatus.NotFound, null),
            { RevokedAt: not null } => (RefreshConsumeStatus.Revoked, existing),
            { UsedAt: not null } => (RefreshConsumeStatus.Reused, existing),
            _ => (RefreshConsumeStatus.Revoked, existing), // expired
        };
    }

    public async Task<int> RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE refresh_tokens SET revoked_at = $now WHERE family_id = $family AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$family", familyId);
        command.Parameters.AddWithValue("$now", SqliteTime.ToDb(now));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<RefreshTokenRecord?> GetAsync(string tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM refresh_tokens WHERE token_id = $id";
        command.Parameters.AddWithValue("$id", tokenId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static RefreshTokenRecord Read(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        SqliteTime.FromDb(r.GetInt64(3)),
        SqliteTime.FromDb(r.GetInt64(4)),
        r.IsDBNull(5) ? null : SqliteTime.FromDb(r.GetInt64(5)),
        r.IsDBNull(6) ? null : SqliteTime.FromDb(r.GetInt64(6)));
}
