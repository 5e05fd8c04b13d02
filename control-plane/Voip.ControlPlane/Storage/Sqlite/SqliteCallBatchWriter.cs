using System.Text.Json;
using Microsoft.Data.Sqlite;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// Commits many call-history writes in one transaction on one kept connection with statements compiled once.
/// SQLite takes one writer at a time, and each commit is a WAL append plus lock traffic: a storm of call setups
/// used to open a pooled connection, compile the statements and commit twice per call; now a batch of whatever
/// queued meanwhile shares one commit. Not thread-safe: one caller (the signaling history queue) at a time.
/// </summary>
/// <remarks>
/// Every write can create the row (<c>INSERT … ON CONFLICT DO NOTHING</c> first for a create, an update falling
/// back to an insert otherwise), so replicas that write the same call in either order converge: a late create
/// never overwrites a status another replica already wrote, and the participant rows and per-user counts are
/// written exactly once, by whichever write created the row.
/// </remarks>
public sealed class SqliteCallBatchWriter : IDisposable
{
    private static readonly string QualityJson = JsonSerializer.Serialize(CallQuality.Unknown, VoipJsonContext.Default.CallQuality);

    private readonly SqliteDatabase database;
    private SqliteConnection? connection;
    private Statement insertCall = null!;
    private Statement insertParticipants = null!;
    private Statement bumpCounts = null!;
    private Statement acceptParticipants = null!;
    private Statement acceptCall = null!;
    private Statement updateStatus = null!;
    private Statement updateStatusQuality = null!;
    private Statement begin = null!;
    private Statement commit = null!;
    private Statement rollback = null!;

    internal SqliteCallBatchWriter(SqliteDatabase database) => this.database = database;

    /// <summary>Applies <paramref name="writes"/> in order, in one transaction (all or none).</summary>
    public void Write(ReadOnlySpan<SqliteCallWrite> writes)
    {
        _ = connection ?? Open();
        // BEGIN/COMMIT as kept statements, not SqliteConnection.BeginTransaction: that one compiles a fresh
        // command for BEGIN and for COMMIT each time, about half of what a call's writes allocated (issue 6).
        // Commands then run with no transaction object: the connection knows of none, which it accepts.
        begin.Run();
        try
        {
            foreach (ref readonly var write in writes)
            {
                Apply(write);
            }

            commit.Run();
        }
        catch
        {
            // A connection left in a bad state is rebuilt for the next batch.
            RollBack();
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// Undoes a failed batch before the connection goes back to the pool: the pool keeps a handle as it is, and a
    /// handle still inside our BEGIN would hold the write lock for whoever opens it next. An error that already
    /// rolled back (SQLITE_FULL and the like) makes ROLLBACK fail; a handle we cannot vouch for leaves the pool.
    /// </summary>
    private void RollBack()
    {
        try
        {
            rollback.Run();
        }
        catch (SqliteException)
        {
            if (connection is { } c)
            {
                SqliteConnection.ClearPool(c);
            }
        }
    }

    public void Dispose()
    {
        var c = connection;
        connection = null;
        if (c is null)
        {
            return;
        }

        foreach (var s in new[] { insertCall, insertParticipants, bumpCounts, acceptParticipants, acceptCall, updateStatus, updateStatusQuality, begin, commit, rollback })
        {
            s?.Command.Dispose();
        }

        c.Dispose();
    }

    private void Apply(in SqliteCallWrite w)
    {
        switch (w.Kind)
        {
            case SqliteCallWriteKind.Create:
                Insert(w);
                break;
            case SqliteCallWriteKind.Accept:
                // Participant rows first: their key holds the old start time, read from the calls row.
                acceptParticipants.Run(w.CallId, w.CallerId, w.CalleeId, SqliteTime.ToDb(w.StartTime));
                if (acceptCall.Run(w.CallId, SqliteTime.ToDb(w.StartTime), CallStatuses.Active) == 0)
                {
                    Insert(w with { Status = CallStatuses.Active, EndTime = null, Duration = 0 });
                }

                break;
            default:
                var updated = w.Quality is { } q
                    ? updateStatusQuality.Run(w.CallId, w.Status, SqliteTime.ToDb(w.EndTime), w.Duration, SqliteCallStore.QualityJson(q.Quality), SqliteCallStore.ParticipantsJson(q.Participants))
                    : updateStatus.Run(w.CallId, w.Status, SqliteTime.ToDb(w.EndTime), w.Duration);
                if (updated == 0)
                {
                    Insert(w);
                }

                break;
        }
    }

    /// <summary>The row and, only if this write created it, its two participant rows and count bumps.</summary>
    private void Insert(in SqliteCallWrite w)
    {
        var start = SqliteTime.ToDb(w.StartTime);
        var quality = w.Quality is { } q ? SqliteCallStore.QualityJson(q.Quality) : QualityJson;
        object participants = w.Quality is { } r ? SqliteCallStore.ParticipantsJson(r.Participants) : DBNull.Value;
        if (insertCall.Run(w.CallId, w.CallerId, w.CalleeId, w.CallType, start, SqliteTime.ToDb(w.EndTime), w.Duration, w.Status, quality, participants) == 0)
        {
            return;
        }

        insertParticipants.Run(w.CallId, w.CallerId, w.CalleeId, w.CallType, start);
        bumpCounts.Run(w.CallerId, w.CalleeId, w.CallType);
    }

    private SqliteConnection Open()
    {
        var c = database.Open();
        using (var pragma = c.CreateCommand())
        {
            // Per connection, not stored in the file: without it this connection commits with synchronous=FULL, an
            // fsync of the WAL per commit. NORMAL in WAL mode (what start-up asks for) survives a process crash; a
            // power cut may lose the last commits, never corrupts the file.
            pragma.CommandText = "PRAGMA synchronous=NORMAL";
            pragma.ExecuteNonQuery();
        }

        insertCall = new Statement(c, """
            INSERT INTO calls (call_id, caller_id, callee_id, call_type, start_time, end_time, duration, status, recordings, quality, participants)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $9, $10) ON CONFLICT (call_id) DO NOTHING
            """, 10);
        insertParticipants = new Statement(c, """
            INSERT INTO call_participants (user_id, start_time, call_id, call_type) VALUES ($2, $5, $1, $4), ($3, $5, $1, $4)
                ON CONFLICT DO NOTHING
            """, 5);
        bumpCounts = new Statement(c, """
            INSERT INTO call_counts (user_id, call_type, total) VALUES ($1, $3, 1), ($2, $3, 1)
                ON CONFLICT (user_id, call_type) DO UPDATE SET total = total + 1
            """, 3);
        // By primary key (user, old start, call): a bare "WHERE call_id = ?" scans every participant row.
        acceptParticipants = new Statement(c, """
            UPDATE call_participants SET start_time = $4
            WHERE user_id IN ($2, $3) AND start_time = (SELECT start_time FROM calls WHERE call_id = $1) AND call_id = $1
            """, 4);
        acceptCall = new Statement(c, "UPDATE calls SET status = $3, start_time = $2 WHERE call_id = $1", 3);
        updateStatus = new Statement(c, "UPDATE calls SET status = $2, end_time = $3, duration = $4 WHERE call_id = $1", 4);
        updateStatusQuality = new Statement(
            c, "UPDATE calls SET status = $2, end_time = $3, duration = $4, quality = $5, participants = $6 WHERE call_id = $1", 6);
        // IMMEDIATE, as BeginTransaction() takes it: the write lock up front, never a read lock upgraded under a
        // concurrent writer (SQLITE_BUSY mid-batch).
        begin = new Statement(c, "BEGIN IMMEDIATE", 0);
        commit = new Statement(c, "COMMIT", 0);
        rollback = new Statement(c, "ROLLBACK", 0);
        connection = c;
        return c;
    }

    /// <summary>A compiled statement with positional parameters $1..$n, bound anew for each write.</summary>
    private sealed class Statement
    {
        private readonly SqliteParameter[] parameters;

        public Statement(SqliteConnection connection, string sql, int count)
        {
            Command = connection.CreateCommand();
            Command.CommandText = sql;
            parameters = new SqliteParameter[count];
            for (var i = 0; i < count; i++)
            {
                // No declared type: each value binds as what it is (text, integer, null).
                parameters[i] = Command.Parameters.AddWithValue("$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), DBNull.Value);
            }
        }

        public SqliteCommand Command { get; }

        public int Run(params ReadOnlySpan<object> values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            return Command.ExecuteNonQuery();
        }
    }
}
