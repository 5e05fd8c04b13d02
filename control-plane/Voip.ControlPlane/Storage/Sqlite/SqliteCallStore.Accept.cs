using Microsoft.Data.Sqlite;
using Voip.ControlPlane.Calls;

namespace Voip.ControlPlane.Storage.Sqlite;

public sealed partial class SqliteCallStore
{
    /// <summary>Batches of history writes on one kept connection (signaling's write queue owns it).</summary>
    public SqliteCallBatchWriter CreateBatchWriter() => new(database);

    /// <summary>
    /// The call was answered: it becomes active and its start time moves from the ring to the accept, in the calls
    /// row and in both call_participants rows (their start_time orders the history), in one transaction. The
    /// participant rows are found by their primary key (user, old start, call): by call id alone it was a scan.
    /// </summary>
    public async Task<bool> MarkAcceptedAsync(string callId, DateTimeOffset startTime, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE call_participants SET start_time = $start
            WHERE user_id IN (SELECT caller_id FROM calls WHERE call_id = $id UNION ALL SELECT callee_id FROM calls WHERE call_id = $id)
              AND start_time = (SELECT start_time FROM calls WHERE call_id = $id) AND call_id = $id;
            UPDATE calls SET status = $status, start_time = $start WHERE call_id = $id;
            """;
        command.Parameters.AddWithValue("$id", callId);
        command.Parameters.AddWithValue("$status", CallStatuses.Active);
        command.Parameters.AddWithValue("$start", SqliteTime.ToDb(startTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await using var check = connection.CreateCommand();
        check.Transaction = transaction;
        check.CommandText = "SELECT changes()";
        var changed = Convert.ToInt64(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return changed == 1;
    }
}
