namespace Voip.ControlPlane.Calls;

/// <summary>
/// The registered <see cref="ICallStore"/>: forwards to the real store and, after each write has committed,
/// bumps the participants' <see cref="CallHistoryVersions"/> so cached history pages showing the call expire.
/// Every writer (REST, signaling) goes through it.
/// </summary>
public sealed class VersionedCallStore(ICallStore inner, CallHistoryVersions versions) : ICallStore
{
    public ICallStore Inner => inner;

    public async Task CreateAsync(CallRecord call, CancellationToken cancellationToken)
    {
        try
        {
            await inner.CreateAsync(call, cancellationToken);
        }
        finally
        {
            // Also on failure: the commit may have happened before the error reached us.
            versions.CallChanged(call.CallerId);
            versions.CallChanged(call.CalleeId);
        }
    }

    public Task<CallRecord?> GetAsync(string callId, CancellationToken cancellationToken) => inner.GetAsync(callId, cancellationToken);

    public Task<CallHistoryPage> GetHistoryAsync(string userId, string? callType, int skip, int limit, CancellationToken cancellationToken) =>
        inner.GetHistoryAsync(userId, callType, skip, limit, cancellationToken);

    public Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CancellationToken cancellationToken) =>
        WriteAsync(callId, () => inner.UpdateStatusAsync(callId, status, endTime, duration, cancellationToken));

    public Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CallQualityReport quality, CancellationToken cancellationToken) =>
        WriteAsync(callId, () => inner.UpdateStatusAsync(callId, status, endTime, duration, quality, cancellationToken));

    public Task<bool> MarkAcceptedAsync(string callId, DateTimeOffset startTime, CancellationToken cancellationToken) =>
        WriteAsync(callId, () => inner.MarkAcceptedAsync(callId, startTime, cancellationToken));

    /// <summary>Runs a write on one call, then invalidates both participants' cached history pages.</summary>
    private async Task<bool> WriteAsync(string callId, Func<Task<bool>> write)
    {
        bool updated;
        try
        {
            updated = await write();
        }
        catch
        {
            // The commit may have happened before the error reached us; whose call it was is unknown here.
            versions.UserChanged();
            throw;
        }

        if (updated)
        {
            // Participants never change, so reading them after the update is exact.
            var call = await inner.GetAsync(callId, CancellationToken.None);
            if (call is null)
            {
                versions.UserChanged();
            }
            else
            {
                versions.CallChanged(call.CallerId);
                versions.CallChanged(call.CalleeId);
            }
        }

        return updated;
    }
}
