using System.Text.Json;
using Microsoft.Data.Sqlite;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// Calls in SQLite. Each insert also writes one call_participants row per participant and bumps
/// call_counts, in one transaction; history is then an index range scan joined to users, and its total a
/// primary-key lookup (no COUNT over a user's whole history per request).
/// </summary>
public sealed partial class SqliteCallStore(SqliteDatabase database) : ICallStore
{
    private const string Columns = "call_id, caller_id, callee_id, call_type, start_time, end_time, duration, status, recordings, quality, participants";

    public async Task CreateAsync(CallRecord call, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await InsertAsync(connection, transaction, call, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Inserts many calls in one transaction (seeding benchmarks and imports).</summary>
    public async Task CreateManyAsync(IEnumerable<CallRecord> calls, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        foreach (var call in calls)
        {
            await InsertAsync(connection, transaction, call, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<CallRecord?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM calls WHERE call_id = $id";
        command.Parameters.AddWithValue("$id", callId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new CallRecord(
            reader.GetString(0),
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(3),
            SqliteTime.FromDb(reader.GetInt64(4)),
            reader.IsDBNull(5) ? null : SqliteTime.FromDb(reader.GetInt64(5)),
            reader.GetInt32(6),
            reader.GetString(7),
            JsonSerializer.Deserialize(reader.GetString(8), VoipJsonContext.Default.ListCallRecording) ?? [],
            JsonSerializer.Deserialize(reader.GetString(9), VoipJsonContext.Default.CallQuality) ?? CallQuality.Unknown,
            reader.IsDBNull(10) ? null : JsonSerializer.Deserialize(reader.GetString(10), VoipJsonContext.Default.ListCallParticipant));
    }

    public async Task<CallHistoryPage> GetHistoryAsync(string userId, string? callType, int skip, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var typeFilter = callType is null ? "" : " AND call_type = $type";
        command.CommandText = $"""
            SELECT c.call_id, c.caller_id, uc.name, uc.avatar, c.callee_id, ue.name, ue.avatar,
                   c.call_type, c.start_time, c.end_time, c.duration, c.status
            FROM (SELECT call_id, start_time FROM call_participants WHERE user_id = $user{typeFilter}
                  ORDER BY start_time DESC, call_id DESC LIMIT $limit OFFSET $skip) p
            JOIN calls c ON c.call_id = p.call_id
            LEFT JOIN users uc ON uc.id = c.caller_id
            LEFT JOIN users ue ON ue.id = c.callee_id
            ORDER BY p.start_time DESC, p.call_id DESC;
            SELECT COALESCE(SUM(total), 0) FROM call_counts WHERE user_id = $user{(callType is null ? "" : " AND call_type = $type")};
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$skip", skip);
        if (callType is not null)
        {
            command.Parameters.AddWithValue("$type", callType);
        }

        var calls = new List<CallHistoryEntry>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            calls.Add(new CallHistoryEntry(
                reader.GetString(0),
                Summary(reader, 1),
                Summary(reader, 4),
                reader.GetString(7),
                SqliteTime.FromDb(reader.GetInt64(8)),
                reader.IsDBNull(9) ? null : SqliteTime.FromDb(reader.GetInt64(9)),
                reader.GetInt32(10),
                reader.GetString(11)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new CallHistoryPage(calls, reader.GetInt64(0));
    }

    public async Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE calls SET status = $status, end_time = $end, duration = $duration WHERE call_id = $id";
        command.Parameters.AddWithValue("$id", callId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$end", SqliteTime.ToDb(endTime));
        command.Parameters.AddWithValue("$duration", duration);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CallQualityReport quality, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE calls SET status = $status, end_time = $end, duration = $duration, quality = $quality, participants = $participants
            WHERE call_id = $id
            """;
        command.Parameters.AddWithValue("$id", callId);
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$end", SqliteTime.ToDb(endTime));
        command.Parameters.AddWithValue("$duration", duration);
        command.Parameters.AddWithValue("$quality", QualityJson(quality.Quality));
        command.Parameters.AddWithValue("$participants", ParticipantsJson(quality.Participants));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    internal static string QualityJson(CallQuality quality) => JsonSerializer.Serialize(quality, VoipJsonContext.Default.CallQuality);

    internal static string ParticipantsJson(IReadOnlyList<CallParticipant> participants) =>
        JsonSerializer.Serialize(participants as List<CallParticipant> ?? [.. participants], VoipJsonContext.Default.ListCallParticipant);

    private static UserSummary Summary(SqliteDataReader reader, int offset)
    {
        var id = reader.GetString(offset);
        return reader.IsDBNull(offset + 1)
            ? new UserSummary(id, "Deleted user", null)
            : new UserSummary(id, reader.GetString(offset + 1), reader.IsDBNull(offset + 2) ? null : reader.GetString(offset + 2));
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction transaction, CallRecord call, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // One call_participants row and one call_counts bump per distinct participant (a group call has more than two).
        var ids = call.ParticipantIds().ToArray();
        var rows = new System.Text.StringBuilder();
        var counts = new System.Text.StringBuilder();
        for (var i = 0; i < ids.Length; i++)
        {
            var sep = i == 0 ? "" : ", ";
            rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{sep}($p{i}, $start, $id, $type)");
            counts.Append(System.Globalization.CultureInfo.InvariantCulture, $"{sep}($p{i}, $type, 1)");
            command.Parameters.AddWithValue("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), ids[i]);
        }

        command.CommandText = $"""
            INSERT INTO calls ({Columns}) VALUES ($id, $caller, $callee, $type, $start, $end, $duration, $status, $recordings, $quality, $participants);
            INSERT INTO call_participants (user_id, start_time, call_id, call_type) VALUES {rows};
            INSERT INTO call_counts (user_id, call_type, total) VALUES {counts}
                ON CONFLICT (user_id, call_type) DO UPDATE SET total = total + 1;
            """;
        command.Parameters.AddWithValue("$id", call.CallId);
        command.Parameters.AddWithValue("$caller", call.CallerId);
        command.Parameters.AddWithValue("$callee", call.CalleeId);
        command.Parameters.AddWithValue("$type", call.CallType);
        command.Parameters.AddWithValue("$start", SqliteTime.ToDb(call.StartTime));
        command.Parameters.AddWithValue("$end", SqliteTime.ToDb(call.EndTime));
        command.Parameters.AddWithValue("$duration", call.Duration);
        command.Parameters.AddWithValue("$status", call.Status);
        command.Parameters.AddWithValue("$recordings", JsonSerializer.Serialize(call.Recordings.ToList(), VoipJsonContext.Default.ListCallRecording));
        command.Parameters.AddWithValue("$quality", JsonSerializer.Serialize(call.Quality, VoipJsonContext.Default.CallQuality));
        command.Parameters.AddWithValue("$participants", call.Participants is { } p
            ? JsonSerializer.Serialize(p.ToList(), VoipJsonContext.Default.ListCallParticipant)
            : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
