using System.Collections.Concurrent;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage.Sqlite;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// The coordinator's history writes, in one FIFO queue drained by one consumer, so a call's writes land in the
/// order they were made (its insert before its status changes) without anyone waiting on the network or disk to
/// ring. A ring queues the insert and rings at once; the caller's ack, accept and end each wait for their own write
/// (queued behind the insert), so the history is up to date once an ack is sent.
/// </summary>
/// <remarks>
/// With the embedded store everything waiting is committed in one SQLite transaction on a kept connection
/// (<see cref="SqliteCallBatchWriter"/>): SQLite has one writer at a time, and concurrent writers used to collide and
/// sleep 150 ms in Microsoft.Data.Sqlite's busy retry. A failed batch is retried write by write so one bad write does
/// not lose the others. Other stores (MongoDB) take the writes one at a time through <see cref="ICallStore"/>.
/// The writes carry the whole call, so with several replicas on one file the write that arrives first creates the row.
/// The queue is drained on a thread of its own: SQLite works synchronously (a WAL checkpoint can take a while on a
/// busy disk), and on two cores a thread-pool thread held by it would stall sockets' event handling behind it.
/// </remarks>
internal sealed class CallHistoryWriter : IAsyncDisposable, IDisposable
{
    /// <summary>Writes per transaction at most: bounds how long one commit holds SQLite's write lock.</summary>
    internal const int MaxBatch = 256;

    private readonly ICallStore store;
    private readonly SqliteCallBatchWriter? batches;
    private readonly CallHistoryVersions versions;
    private readonly ILogger logger;
    private readonly ConcurrentQueue<Pending> queue = new();
    private readonly ManualResetEventSlim wake = new(false);
    private readonly Lock gate = new();
    private readonly Thread thread;
    private bool stopped;

    public CallHistoryWriter(ICallStore store, CallHistoryVersions versions, ILogger logger)
    {
        this.store = store;
        this.versions = versions;
        this.logger = logger;
        // The registered store is the versioned wrapper; batches go to the SQLite store under it and bump the
        // versions here, after their commit, exactly as the wrapper would.
        var inner = store is VersionedCallStore versioned ? versioned.Inner : store;
        batches = inner is SqliteCallStore sqlite ? sqlite.CreateBatchWriter() : null;
        thread = new Thread(Run) { IsBackground = true, Name = "voip-history-writer" };
        thread.Start();
    }

    /// <summary>
    /// Queues the insert of a ringing call; completes once committed. The caller may ring first and await this
    /// after, so the callee is not kept waiting on the disk.
    /// </summary>
    public Task CreateAsync(string callId, string callerId, string calleeId, string callType, DateTimeOffset ringAt) =>
        EnqueueAwaited(new SqliteCallWrite(SqliteCallWriteKind.Create, callId, callerId, calleeId, callType, ringAt, CallStatuses.Initiated, null, 0));

    /// <summary>The callee answered at <paramref name="at"/>; completes once committed.</summary>
    public Task AcceptAsync(LiveCall call, DateTimeOffset at) =>
        EnqueueAwaited(new SqliteCallWrite(SqliteCallWriteKind.Accept, call.CallId, call.CallerId, call.CalleeId, call.CallType, at, CallStatuses.Active, null, 0));

    /// <summary>The call's new status (with its measured quality for a call through the engine); completes once committed.</summary>
    public Task StatusAsync(string callId, string callerId, string calleeId, string callType, DateTimeOffset? acceptedAt, string status, DateTimeOffset endTime, int duration, CallQualityReport? quality = null) =>
        EnqueueAwaited(new SqliteCallWrite(SqliteCallWriteKind.Status, callId, callerId, calleeId, callType, acceptedAt ?? endTime, status, endTime, duration, quality));

    /// <summary>Completes once everything queued before it is written.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(default, done));
        return done.Task;
    }

    /// <summary>Writes what is queued (waiting up to 10 s), then refuses new writes.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
        }

        wake.Set();
        if (thread.Join(TimeSpan.FromSeconds(10)))
        {
            batches?.Dispose();
            wake.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private Task EnqueueAwaited(SqliteCallWrite write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(write, done));
        return done.Task;
    }

    private void Enqueue(Pending pending)
    {
        lock (gate)
        {
            if (!stopped)
            {
                queue.Enqueue(pending);
                wake.Set();
                return;
            }
        }

        var error = new ObjectDisposedException(nameof(CallHistoryWriter), "The history writer has stopped");
        if (pending.Done is null)
        {
            SignalingLog.HistoryWriteFailed(logger, error, pending.Write.CallId);
        }
        else
        {
            pending.Done.TrySetException(error);
        }
    }

    private void Run()
    {
        var batch = new List<Pending>(MaxBatch);
        var writes = new SqliteCallWrite[MaxBatch];
        while (true)
        {
            wake.Wait();
            // Reset before draining: a write queued from here on sets it again, so none is left behind.
            wake.Reset();
            while (!queue.IsEmpty)
            {
                batch.Clear();
                var count = 0;
                while (count < MaxBatch && queue.TryDequeue(out var pending))
                {
                    batch.Add(pending);
                    if (pending.Write.CallId is not null)
                    {
                        writes[count++] = pending.Write;
                    }
                }

                Complete(batch, writes.AsSpan(0, count));
            }

            if (Volatile.Read(ref stopped) && queue.IsEmpty)
            {
                return;
            }
        }
    }

    private void Complete(List<Pending> batch, ReadOnlySpan<SqliteCallWrite> writes)
    {
        var failures = writes.IsEmpty ? null : Write(batch, writes);
        if (batches is not null)
        {
            foreach (ref readonly var w in writes)
            {
                // Batched writes bypass the versioned store, so bump here: after the commit, and also after a failure
                // (it may have committed before the error reached us).
                versions.CallChanged(w.CallerId);
                versions.CallChanged(w.CalleeId);
            }
        }

        foreach (var pending in batch)
        {
            if (pending.Write.CallId is not null && failures?.GetValueOrDefault(pending) is { } error)
            {
                if (pending.Done is null)
                {
                    SignalingLog.HistoryWriteFailed(logger, error, pending.Write.CallId);
                }

                pending.Done?.TrySetException(error);
            }
            else
            {
                pending.Done?.TrySetResult();
            }
        }
    }

    /// <summary>Writes the batch; the writes that failed, or null when all succeeded.</summary>
    private Dictionary<Pending, Exception>? Write(List<Pending> batch, ReadOnlySpan<SqliteCallWrite> writes)
    {
        if (batches is not null)
        {
            try
            {
                batches.Write(writes);
                return null;
            }
            catch (Exception ex) when (writes.Length == 1)
            {
                return new() { [batch.Find(p => p.Write.CallId is not null)!] = ex };
            }
            catch (Exception)
            {
                // Retried one by one below, so one bad write does not take the batch with it.
            }
        }

        Dictionary<Pending, Exception>? failed = null;
        foreach (var pending in batch)
        {
            if (pending.Write.CallId is null)
            {
                continue;
            }

            try
            {
                if (batches is not null)
                {
                    batches.Write([pending.Write]);
                }
                else
                {
                    // This thread is ours: waiting on another store's (MongoDB's) asynchronous write blocks nobody else.
                    WriteOneAsync(pending.Write).GetAwaiter().GetResult();
                }
            }
            catch (Exception ex)
            {
                (failed ??= [])[pending] = ex;
            }
        }

        return failed;
    }

    private Task WriteOneAsync(SqliteCallWrite w) => w.Kind switch
    {
        SqliteCallWriteKind.Create => store.CreateAsync(new CallRecord(w.CallId, w.CallerId, w.CalleeId, w.CallType, w.StartTime, null, 0, w.Status, [], CallQuality.Unknown), CancellationToken.None),
        SqliteCallWriteKind.Accept => store.MarkAcceptedAsync(w.CallId, w.StartTime, CancellationToken.None),
        _ when w.Quality is { } quality => store.UpdateStatusAsync(w.CallId, w.Status, w.EndTime, w.Duration, quality, CancellationToken.None),
        _ => store.UpdateStatusAsync(w.CallId, w.Status, w.EndTime, w.Duration, CancellationToken.None),
    };

    /// <summary>A queued write (a flush marker when <see cref="SqliteCallWrite.CallId"/> is null) and who waits for it.</summary>
    private sealed class Pending(SqliteCallWrite write, TaskCompletionSource? done)
    {
        public SqliteCallWrite Write => write;

        public TaskCompletionSource? Done => done;
    }
}
