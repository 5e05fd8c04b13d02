using System.Text.Json;
using SQLitePCL;
using Voip.ControlPlane.Calls;

namespace Voip.ControlPlane.Storage.Sqlite;

public sealed partial class SqliteCallStore : ICallHistoryJsonSource
{
    // The page is first cut from the call_participants key (or its type index) alone, newest first: OFFSET
    // then skips index entries only (page 10,000 of 1 took 45 ms when the skipped rows were joined too);
    // SQLite does not flatten a LIMITed subquery into a join, so only the page's rows are joined to calls;
    // names and avatars come from the reader's exact user cache (SqliteUserSummaryCache). The total is a call_counts lookup. The LIMIT is written into the text ({0}), not bound:
    // SQLite lets a bound LIMIT steer the plan, so it marks the statement expired whenever that parameter is
    // re-bound and recompiles it on the next step (measured: every request). limit is 1..100, so a connection
    // keeps at most 200 such statements.
    private const string HistoryRowsSql = """
        SELECT c.call_id, c.caller_id, c.callee_id, c.call_type, c.start_time, c.duration, c.status
        FROM (SELECT call_id, start_time FROM call_participants WHERE user_id = ?1
              ORDER BY start_time DESC, call_id DESC LIMIT {0} OFFSET ?3) p
        JOIN calls c ON c.call_id = p.call_id
        ORDER BY p.start_time DESC, p.call_id DESC
        """;

    private const string HistoryRowsByTypeSql = """
        SELECT c.call_id, c.caller_id, c.callee_id, c.call_type, c.start_time, c.duration, c.status
        FROM (SELECT call_id, start_time FROM call_participants WHERE user_id = ?1 AND call_type = ?4
              ORDER BY start_time DESC, call_id DESC LIMIT {0} OFFSET ?3) p
        JOIN calls c ON c.call_id = p.call_id
        ORDER BY p.start_time DESC, p.call_id DESC
        """;

    private const string HistoryTotalSql = "SELECT COALESCE(SUM(total), 0) FROM call_counts WHERE user_id = ?1";

    private const string HistoryTotalByTypeSql = "SELECT COALESCE(SUM(total), 0) FROM call_counts WHERE user_id = ?1 AND call_type = ?2";

    /// <summary>
    /// Runs the history statements (compiled once per reader connection) and writes the JSON from the column
    /// bytes; no per-row strings or objects. The JSON is built in the reader's buffer and copied out once complete.
    /// </summary>
    public async ValueTask<byte[]> ReadHistoryJsonAsync(JsonWriterOptions options, string userId, string? callType, int page, int limit, CancellationToken cancellationToken)
    {
        using var lease = await database.Readers.RentAsync(cancellationToken);
        var reader = lease.Reader;
        var json = reader.ResetJson(options);
        WriteHistory(reader, json, options, userId, callType, page, limit);
        json.Flush();
        return reader.JsonBuffer.WrittenSpan.ToArray();
    }

    private static void WriteHistory(SqliteReader reader, Utf8JsonWriter json, JsonWriterOptions options, string userId, string? callType, int page, int limit)
    {
        var total = reader.Statement(callType is null ? HistoryTotalSql : HistoryTotalByTypeSql);
        var rows = reader.Statement(callType is null ? HistoryRowsSql : HistoryRowsByTypeSql, limit);
        try
        {
            reader.Check(raw.sqlite3_bind_text(total, 1, userId));
            if (callType is not null)
            {
                reader.Check(raw.sqlite3_bind_text(total, 2, callType));
            }

            reader.Users.Validate(options);
            reader.Step(total);
            var count = raw.sqlite3_column_int64(total, 0);

            reader.Check(raw.sqlite3_bind_text(rows, 1, userId));
            reader.Check(raw.sqlite3_bind_int64(rows, 3, (long)(page - 1) * limit));
            if (callType is not null)
            {
                reader.Check(raw.sqlite3_bind_text(rows, 4, callType));
            }

            CallHistoryJson.WriteStart(json);
            var users = reader.Users;
            while (reader.Step(rows))
            {
                CallHistoryJson.WriteCall(
                    json,
                    raw.sqlite3_column_blob(rows, 0),
                    users.Get(raw.sqlite3_column_blob(rows, 1)).Json,
                    users.Get(raw.sqlite3_column_blob(rows, 2)).Json,
                    raw.sqlite3_column_blob(rows, 3),
                    raw.sqlite3_column_int64(rows, 4),
                    raw.sqlite3_column_int64(rows, 5),
                    raw.sqlite3_column_blob(rows, 6));
            }

            CallHistoryJson.WriteEnd(json, page, limit, count);
        }
        finally
        {
            SqliteReader.Reset(rows);
            SqliteReader.Reset(total);
        }
    }
}
