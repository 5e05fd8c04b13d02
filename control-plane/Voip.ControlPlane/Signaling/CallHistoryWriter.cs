using System.Threading.Channels;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage.Sqlite;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// The coordinator's history writes, in one FIFO queue drained by one consumer, so a call's writes land in the
/// order they were made (its insert before its status changes) without anyone waiting on the network or disk to
/// ring. A ring only enqueues the insert; accept and end await their own write (queued behind the insert), so the
/// history is up to date once their acks are sent.
/// </summary>
/// <remarks>
/// With the embedded store everything waiting is committed in one SQLite transaction on a kept connection
/// (<see cref="SqliteCallBatchWriter"/>): SQLite has one writer at a time, and concurrent writers used to collide and
/// sleep 150 ms in Microsoft.Data.Sqlite's busy retry. A failed batch is retried write by write so one bad write does
/// not lose the others. Other stores (MongoDB) take the writes one at a time through <see cref="ICallStore"/>.
/// The writes carry the whole call, so with several replicas on one file the write that arrives first creates the row.
/// </remarks>
internal sealed class CallHistoryWriter : IAsyncDisposable, IDisposable
{
    /// <summary>Writes per transaction at most: bounds how long one commit holds SQLite's write lock.</summary>
    internal const int MaxBatch = 256;

    private readonly ICallStore store;
    private readonly SqliteCallBatchWriter? batches;
    private readonly CallHistoryVersions versions;
    private readonly ILogger logger;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;

    public CallHistoryWriter(ICallStore store, CallHistoryVersions versions, ILogger logger)
    {
        this.store = store;
        this.versions = versions;
        this.logger = logger;
        // The registered store is the versioned wrapper; batches go to the SQLite store under it and bump the
        // versions here, after their commit, exactly as the wrapper would.
        var inner = store is VersionedCallStore versioned ? versioned.Inner : store;
        batches = inner is SqliteCallStore sqlite ? sqlite.CreateBatchWriter() : null;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the insert of a ringing call and returns at once (its failure is logged).</summary>
    public void Create(string callId, string callerId, string calleeId, string callType, DateTimeOffset ringAt) =>
        Enqueue(new Pending(new SqliteCallWrite(SqliteCallWriteKind.Create, callId, callerId, calleeId, callType, ringAt, CallStatuses.Initiated, null, 0), null));

    /// <summary>The callee answered at <paramref name="at"/>; completes once committed.</summary>
    public Task AcceptAsync(LiveCall call, DateTimeOffset at) =>
        EnqueueAwaited(new SqliteCallWrite(SqliteCallWriteKind.Accept, call.CallId, call.CallerId, call.CalleeId, call.CallType, at, CallStatuses.Active, null, 0));

    /// <summary>The call's new status; completes once committed.</summary>
    public Task StatusAsync(string callId, string callerId, string calleeId, string callType, DateTimeOffset? acceptedAt, string status, DateTimeOffset endTime, int duration) =>
        EnqueueAwaited(new SqliteCallWrite(SqliteCallWriteKind.Status, callId, callerId, calleeId, callType, acceptedAt ?? endTime, status, endTime, duration));

    /// <summary>Completes once everything queued before it is written.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(default, done));
        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        try
        {
            await loop.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        batches?.Dispose();
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        loop.Wait(TimeSpan.FromSeconds(10));
        batches?.Dispose();
    }

    private Task EnqueueAwaited(SqliteCallWrite write)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(write, done));
        return done.Task;
    }

    private void Enqueue(Pending pending)
    {
        if (!queue.Writer.TryWrite(pending))
        {
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
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var writes = new SqliteCallWrite[MaxBatch];
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var count = 0;
            while (count < MaxBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
                if (pending.Write.CallId is not null)
                {
                    writes[count++] = pending.Write;
                }
            }

            var failures = count == 0 ? null : await WriteAsync(batch, writes.AsMemory(0, count));
            for (var i = 0; i < count && batches is not null; i++)
            {
                // Batched writes bypass the versioned store, so bump here: after the commit, and also after a failure
                // (it may have committed before the error reached us).
                versions.CallChanged(writes[i].CallerId);
                versions.CallChanged(writes[i].CalleeId);
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
    }

    /// <summary>Writes the batch; the writes that failed, or null when all succeeded.</summary>
    private async Task<Dictionary<Pending, Exception>?> WriteAsync(List<Pending> batch, ReadOnlyMemory<SqliteCallWrite> writes)
    {
        if (batches is not null)
        {
            try
            {
                batches.Write(writes.Span);
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
                    await WriteOneAsync(pending.Write);
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
        _ => store.UpdateStatusAsync(w.CallId, w.Status, w.EndTime, w.Duration, CancellationToken.None),
    };

    /// <summary>A queued write (a flush marker when <see cref="SqliteCallWrite.CallId"/> is null) and who waits for it.</summary>
    private sealed class Pending(SqliteCallWrite write, TaskCompletionSource? done)
    {
        public SqliteCallWrite Write => write;

        public TaskCompletionSource? Done => done;
    }
}
