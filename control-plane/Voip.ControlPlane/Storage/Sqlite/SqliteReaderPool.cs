using System.Collections.Concurrent;

namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// A small fixed set of read connections for hot queries (call history). SQLite executes synchronously, so
/// more concurrent readers than cores only adds page caches and context switches; with a gate of about one reader per core, 200 concurrent requests queue here (FIFO, asynchronously) instead of
/// thrashing 200 connections. In WAL mode readers never block the writer, and each read sees the latest
/// committed state of the file whoever wrote it (other replicas sharing the file included).
/// </summary>
public sealed class SqliteReaderPool(string path, int size) : IDisposable
{
    private readonly SemaphoreSlim gate = new(size, size);
    private readonly ConcurrentBag<SqliteReader> idle = [];
    private volatile bool disposed;

    public int Size => size;

    /// <summary>Waits for a free reader; dispose the lease to give it back.</summary>
    public async ValueTask<Lease> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!idle.TryTake(out var reader))
            {
                reader = new SqliteReader(path);
            }

            return new Lease(this, reader);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Closes the idle readers now and rented ones as they come back (never one a request is using).</summary>
    public void Dispose()
    {
        disposed = true;
        DrainIdle();
    }

    private void DrainIdle()
    {
        while (idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private void Return(SqliteReader reader)
    {
        if (disposed)
        {
            reader.Dispose();
        }
        else
        {
            idle.Add(reader);
            if (disposed)
            {
                // Dispose ran between the check and the Add.
                DrainIdle();
            }
        }

        gate.Release();
    }

    /// <summary>A rented reader; give it back exactly once by disposing.</summary>
    public readonly struct Lease(SqliteReaderPool pool, SqliteReader reader) : IDisposable
    {
        public SqliteReader Reader => reader;

        public void Dispose() => pool.Return(reader);
    }
}
