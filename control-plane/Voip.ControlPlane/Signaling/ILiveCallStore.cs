namespace Voip.ControlPlane.Signaling;

/// <summary>
/// Calls in progress, shared across replicas. Every transition that must happen once (settle a ringing call,
/// end a call) is a compare-and-set here, so two replicas or two tabs racing see exactly one winner.
/// </summary>
public interface ILiveCallStore
{
    /// <summary>Creates the call and marks both users busy; fails when either already has a call.</summary>
    Task<ReserveResult> TryReserveAsync(LiveCall call, CancellationToken cancellationToken);

    Task<LiveCall?> GetAsync(string callId, CancellationToken cancellationToken);

    /// <summary>The call the user is busy with, if any.</summary>
    Task<string?> FindByUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Settles a ringing call; true for the one caller that set the decision.</summary>
    Task<bool> TryDecideAsync(string callId, string decision, CancellationToken cancellationToken);

    /// <summary>Records the answering socket and the time media could start (after winning the accept).</summary>
    Task SetAcceptedAsync(string callId, string calleeConnection, DateTimeOffset acceptedAt, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="connectionId"/> the socket speaking for <paramref name="role"/> and clears its "gone" mark.</summary>
    Task BindAsync(string callId, CallRole role, string connectionId, CancellationToken cancellationToken);

    /// <summary>Marks the side's socket as dropped when it is still the bound one; false otherwise.</summary>
    Task<bool> MarkGoneAsync(string callId, CallRole role, string connectionId, CancellationToken cancellationToken);

    /// <summary>Ends the call and frees both users; true for the one caller that ended it.</summary>
    Task<bool> TryEndAsync(string callId, CancellationToken cancellationToken);
}
