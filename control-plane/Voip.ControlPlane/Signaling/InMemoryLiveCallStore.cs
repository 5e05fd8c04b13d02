using System.Collections.Concurrent;

namespace Voip.ControlPlane.Signaling;

/// <summary>Single-replica live calls: records swapped under a per-store lock (transitions are rare and tiny).</summary>
public sealed class InMemoryLiveCallStore : ILiveCallStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LiveCall> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> busy = new(StringComparer.Ordinal);

    public Task<ReserveResult> TryReserveAsync(LiveCall call, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (calls.ContainsKey(call.CallId))
            {
                return Task.FromResult(ReserveResult.AlreadyExists);
            }

            if (busy.ContainsKey(call.CallerId))
            {
                return Task.FromResult(ReserveResult.CallerBusy);
            }

            if (busy.ContainsKey(call.CalleeId))
            {
                return Task.FromResult(ReserveResult.CalleeBusy);
            }

            busy[call.CallerId] = call.CallId;
            busy[call.CalleeId] = call.CallId;
            calls[call.CallId] = call;
            return Task.FromResult(ReserveResult.Reserved);
        }
    }

    public Task<LiveCall?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(calls.GetValueOrDefault(callId));
        }
    }

    public Task<string?> FindByUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(busy.GetValueOrDefault(userId));

    public Task<bool> TryDecideAsync(string callId, string decision, CancellationToken cancellationToken) =>
        Task.FromResult(Update(callId, c => c.Decision is null && !c.Ended ? c with { Decision = decision } : null));

    public Task SetAcceptedAsync(string callId, string calleeConnection, DateTimeOffset acceptedAt, CancellationToken cancellationToken)
    {
        Update(callId, c => c with { CalleeConnection = calleeConnection, AcceptedAt = acceptedAt });
        return Task.CompletedTask;
    }

    public Task BindAsync(string callId, CallRole role, string connectionId, CancellationToken cancellationToken)
    {
        Update(callId, c => role == CallRole.Caller
            ? c with { CallerConnection = connectionId, CallerGone = null }
            : c with { CalleeConnection = connectionId, CalleeGone = null });
        return Task.CompletedTask;
    }

    public Task<bool> MarkGoneAsync(string callId, CallRole role, string connectionId, CancellationToken cancellationToken) =>
        Task.FromResult(Update(callId, c => c.ConnectionOf(role) != connectionId
            ? null
            : role == CallRole.Caller ? c with { CallerGone = connectionId } : c with { CalleeGone = connectionId }));

    public Task<bool> TryEndAsync(string callId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!calls.TryGetValue(callId, out var call) || call.Ended)
            {
                return Task.FromResult(false);
            }

            // The ended record is dropped: late events for it find nothing, which is what they should find.
            calls.Remove(callId);
            busy.TryRemove(new KeyValuePair<string, string>(call.CallerId, callId));
            busy.TryRemove(new KeyValuePair<string, string>(call.CalleeId, callId));
            return Task.FromResult(true);
        }
    }

    private bool Update(string callId, Func<LiveCall, LiveCall?> change)
    {
        lock (gate)
        {
            if (!calls.TryGetValue(callId, out var call) || change(call) is not { } updated)
            {
                return false;
            }

            calls[callId] = updated;
            return true;
        }
    }
}
