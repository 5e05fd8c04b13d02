using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage.Sqlite;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// The coordinator's history writes. SQLite admits one writer at a time, and Microsoft.Data.Sqlite answers a busy
/// database by sleeping 150 ms on the calling (thread-pool) thread and retrying; a storm of call setups from many
/// sockets made concurrent writers collide constantly, so ringing took seconds while the CPU idled. With the
/// embedded store the writes therefore queue here asynchronously, one at a time (each takes well under a
/// millisecond); stores that take concurrent writers (MongoDB) are not gated.
/// </summary>
internal sealed class CallHistoryWriter(ICallStore store)
{
    private readonly SemaphoreSlim? gate = store is SqliteCallStore ? new SemaphoreSlim(1, 1) : null;

    public Task CreateAsync(CallRecord call) => RunAsync(static (s, c) => s.CreateAsync(c, CancellationToken.None), call);

    public Task<bool> MarkAcceptedAsync(string callId, DateTimeOffset startTime) =>
        RunAsync(static (s, a) => s.MarkAcceptedAsync(a.callId, a.startTime, CancellationToken.None), (callId, startTime));

    public Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration) =>
        RunAsync(static (s, a) => s.UpdateStatusAsync(a.callId, a.status, a.endTime, a.duration, CancellationToken.None), (callId, status, endTime, duration));

    private async Task RunAsync<TState>(Func<ICallStore, TState, Task> write, TState state)
    {
        await RunAsync(async (s, st) =>
        {
            await write(s, st);
            return true;
        }, state);
    }

    private async Task<T> RunAsync<TState, T>(Func<ICallStore, TState, Task<T>> write, TState state)
    {
        if (gate is null)
        {
            return await write(store, state);
        }

        await gate.WaitAsync();
        try
        {
            return await write(store, state);
        }
        finally
        {
            gate.Release();
        }
    }
}
