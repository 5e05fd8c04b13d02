using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// One long-lived raw SQLite connection of <see cref="SqliteReaderPool"/> with its statements compiled once, kept by
/// SQL text. Compiling (parser + query planner) is most of a small query's cost; a kept statement is only
/// reset and re-bound. Statements are raw SQLitePCL handles so hot paths can read columns as UTF-8 spans
/// without allocating strings. Used by one request at a time.
/// </summary>
public sealed class SqliteReader : IDisposable
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: the statement is long-lived.
    private readonly sqlite3 handle;
    private readonly Dictionary<string, sqlite3_stmt> statements = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Format, int Value), sqlite3_stmt> formatted = [];
    private readonly ArrayBufferWriter<byte> jsonBuffer = new(16 * 1024);
    private Utf8JsonWriter? json;
    private SqliteUserSummaryCache? users;

    /// <summary>
    /// Opens <paramref name="path"/> (which must exist) read-write without SQLite's per-connection mutex: a
    /// reader is only ever used by one request at a time, so the lock around every SQLite call is pure cost.
    /// </summary>
    public SqliteReader(string path)
    {
        Batteries_V2.Init();
        var rc = raw.sqlite3_open_v2(path, out handle, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_NOMUTEX, null);
        if (rc != raw.SQLITE_OK)
        {
            var message = handle is null ? $"SQLite error {rc}" : raw.sqlite3_errmsg(handle).utf8_to_string();
            handle?.Dispose();
            throw new SqliteException($"Cannot open {path}: {message}", rc);
        }

        // WAL readers rarely see SQLITE_BUSY (only around recovery/checkpoint restarts); wait like the pooled connections do.
        raw.sqlite3_busy_timeout(handle, 30_000);
    }

    public sqlite3 Handle => handle;

    /// <summary>This connection's user name/avatar cache.</summary>
    public SqliteUserSummaryCache Users => users ??= new SqliteUserSummaryCache(this);

    /// <summary>The buffer behind <see cref="ResetJson"/>'s writer.</summary>
    public ArrayBufferWriter<byte> JsonBuffer => jsonBuffer;

    /// <summary>A JSON writer over <see cref="JsonBuffer"/> with <paramref name="options"/>, both emptied; kept per connection to avoid per-request allocations.</summary>
    public Utf8JsonWriter ResetJson(JsonWriterOptions options)
    {
        jsonBuffer.ResetWrittenCount();
        if (json is null || json.Options.Encoder != options.Encoder || json.Options.Indented != options.Indented)
        {
            json = new Utf8JsonWriter(jsonBuffer, options);
        }
        else
        {
            json.Reset(jsonBuffer);
        }

        return json;
    }

    /// <summary>The compiled statement for <paramref name="sql"/> (one statement), reset and with bindings cleared.</summary>
    public sqlite3_stmt Statement(string sql)
    {
        if (!statements.TryGetValue(sql, out var statement))
        {
            Check(raw.sqlite3_prepare_v3(Handle, sql, PreparePersistent, out statement));
            statements.Add(sql, statement);
        }

        return statement;
    }

    /// <summary>Steps a statement: true on a row, false when done; throws <see cref="SqliteException"/> on error.</summary>
    public bool Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        raw.sqlite3_reset(statement);
        Check(rc);
        return false;
    }

    /// <summary>Makes a statement ready for the next use (releases its read snapshot).</summary>
    public static void Reset(sqlite3_stmt statement)
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
    }

    /// <summary>
    /// The compiled statement for <paramref name="format"/> with <paramref name="value"/> written in as {0}
    /// (for values SQLite must not see as parameters, e.g. a LIMIT); cached per (format, value).
    /// </summary>
    public sqlite3_stmt Statement(string format, int value)
    {
        var key = (format, value);
        if (!formatted.TryGetValue(key, out var statement))
        {
            statement = Statement(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, value));
            formatted.Add(key, statement);
        }

        return statement;
    }

    public void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(Handle).utf8_to_string() ?? $"SQLite error {rc}", rc);
        }
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values)
        {
            statement.Dispose();
        }

        statements.Clear();
        formatted.Clear();
        handle.Dispose();
    }
}
