using System.Text;
using SQLitePCL;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// Names and avatars of users as one <see cref="SqliteReader"/> connection last read them, so call history
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
    private long dataVersion = -1;

    /// <summary>Empties the cache when the database changed since the last call.</summary>
    public void Validate()
    {
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

    /// <summary>The summary of the user whose id is <paramref name="idUtf8"/>, read from the database on a miss.</summary>
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

        var entry = Load(id);
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[id] = entry;
        return entry;
    }

    private Entry Load(string id)
    {
        var statement = reader.Statement(UserSql);
        try
        {
            reader.Check(raw.sqlite3_bind_text(statement, 1, id));
            if (!reader.Step(statement))
            {
                return new Entry(false, [], null);
            }

            var avatar = raw.sqlite3_column_type(statement, 1) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(statement, 1).ToArray();
            return new Entry(true, raw.sqlite3_column_blob(statement, 0).ToArray(), avatar);
        }
        finally
        {
            SqliteReader.Reset(statement);
        }
    }

    /// <summary>A cached user: <see cref="Exists"/> false for a deleted account; <see cref="Avatar"/> null when none.</summary>
    public sealed record Entry(bool Exists, byte[] Name, byte[]? Avatar);
}
