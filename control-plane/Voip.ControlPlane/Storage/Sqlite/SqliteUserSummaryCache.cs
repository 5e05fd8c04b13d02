using System.Buffers;
using System.Text;
using System.Text.Json;
using SQLitePCL;
using Voip.ControlPlane.Calls;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// Names and avatars of users, as JSON summaries, as one <see cref="SqliteReader"/> connection last read them, so call history
/// joins only calls. Exact, not time-based: SQLite's <c>PRAGMA data_version</c> on this (read-only)
/// connection changes whenever any other connection, in this process or another sharing the file, commits;
/// <see cref="Validate"/> runs it once per request and empties the cache on any change. Belongs to one reader,
/// so one request at a time.
/// </summary>
public sealed class SqliteUserSummaryCache(SqliteReader reader)
{
    private const string DataVersionSql = "PRAGMA data_version";
    private const string UserSql = "SELECT name, avatar FROM users WHERE id = ?1";
    private const int MaxEntries = 10_000;
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly ArrayBufferWriter<byte> buffer = new(512);
    private Utf8JsonWriter? writer;
    private long dataVersion = -1;

    /// <summary>
    /// Empties the cache when the database changed since the last call, or when <paramref name="options"/> (whose
    /// encoder the cached JSON was written with) differ.
    /// </summary>
    public void Validate(JsonWriterOptions options)
    {
        if (writer is null || writer.Options.Encoder != options.Encoder)
        {
            writer = new Utf8JsonWriter(buffer, options with { Indented = false });
            entries.Clear();
        }

        var statement = reader.Statement(DataVersionSql);
        try
        {
            reader.Step(statement);
            var version = raw.sqlite3_column_int64(statement, 0);
            if (version != dataVersion)
            {
                entries.Clear();
                dataVersion = version;
            }
        }
        finally
        {
            SqliteReader.Reset(statement);
        }
    }

    /// <summary>The summary, as a JSON object, of the user whose id is <paramref name="idUtf8"/>, read from the database on a miss.</summary>
    public Entry Get(ReadOnlySpan<byte> idUtf8)
    {
        Span<char> chars = stackalloc char[64];
        var lookup = entries.GetAlternateLookup<ReadOnlySpan<char>>();
        if (idUtf8.Length <= chars.Length)
        {
            var length = Encoding.UTF8.GetChars(idUtf8, chars);
            if (lookup.TryGetValue(chars[..length], out var hit))
            {
                return hit;
            }
        }

        var id = Encoding.UTF8.GetString(idUtf8);
        if (entries.TryGetValue(id, out var found))
        {
            return found;
        }

        var entry = Load(id, idUtf8);
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[id] = entry;
        return entry;
    }

    private Entry Load(string id, ReadOnlySpan<byte> idUtf8)
    {
        var statement = reader.Statement(UserSql);
        try
        {
            reader.Check(raw.sqlite3_bind_text(statement, 1, id));
            if (!reader.Step(statement))
            {
                return new Entry(Json(new UserSummaryUtf8(idUtf8, false, default, false, default)));
            }

            var hasAvatar = raw.sqlite3_column_type(statement, 1) != raw.SQLITE_NULL;
            return new Entry(Json(new UserSummaryUtf8(idUtf8, true, raw.sqlite3_column_blob(statement, 0), hasAvatar, raw.sqlite3_column_blob(statement, 1))));
        }
        finally
        {
            SqliteReader.Reset(statement);
        }
    }

    private byte[] Json(in UserSummaryUtf8 user)
    {
        buffer.ResetWrittenCount();
        writer!.Reset(buffer);
        CallHistoryJson.WriteSummary(writer, user);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A cached user: its summary already written as JSON (deleted accounts as "Deleted user").</summary>
    public sealed record Entry(byte[] Json);
}
