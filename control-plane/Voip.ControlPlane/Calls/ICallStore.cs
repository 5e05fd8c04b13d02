namespace Voip.ControlPlane.Calls;

/// <summary>Call records. SQLite (default) or MongoDB; both index calls by participant and start time.</summary>
public interface ICallStore
{
    Task CreateAsync(CallRecord call, CancellationToken cancellationToken);

    Task<CallRecord?> GetAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Calls the user took part in (as caller or callee), newest first, with the total count.</summary>
    Task<CallHistoryPage> GetHistoryAsync(string userId, string? callType, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>Moves a call to another status (signaling: accepted, ended, rejected …); false when unknown.</summary>
    Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CancellationToken cancellationToken);

    /// <summary>
    /// The end of a call through the media engine: the status change and, in the same write, the measured quality
    /// (the row's <c>quality{}</c> and its participants with theirs); false when unknown.
    /// </summary>
    Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CallQualityReport quality, CancellationToken cancellationToken);

    /// <summary>The callee answered: status active and the start time set to the accept (the duration counts from here); false when unknown.</summary>
    Task<bool> MarkAcceptedAsync(string callId, DateTimeOffset startTime, CancellationToken cancellationToken);
}
