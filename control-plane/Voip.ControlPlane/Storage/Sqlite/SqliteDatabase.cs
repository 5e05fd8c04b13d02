using Microsoft.Data.Sqlite;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// The embedded store's file: WAL journal (readers never block the writer), pooled connections, and
/// migrations tracked in <c>PRAGMA user_version</c> applied at start-up.
/// </summary>
public sealed partial class SqliteDatabase(StorageOptions options, ILogger<SqliteDatabase> logger) : IStoreInitializer, IDependencyCheck, IDisposable
{
    private readonly string connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = options.SqlitePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        // Seconds a command waits for a lock held by another writer (SQLITE_BUSY retries).
        DefaultTimeout = 30,
    }.ToString();

    // Opened lazily, after InitializeAsync created the file and set WAL mode.
    private readonly SqliteReaderPool readers = new(options.SqlitePath, Math.Max(2, Environment.ProcessorCount));

    public string Name => "sqlite";

    /// <summary>Kept read connections with compiled statements, for hot read paths.</summary>
    public SqliteReaderPool Readers => readers;

    public void Dispose() => readers.Dispose();

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>A connection opened synchronously (for the single history writer, which works off the request path).</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.SqlitePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", cancellationToken);
        long version;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "PRAGMA user_version";
            version = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        for (var i = (int)version; i < Migrations.Length; i++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[i] + $"; PRAGMA user_version = {i + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        StorageLog.SqliteReady(logger, options.SqlitePath, Migrations.Length);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! == 1;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
