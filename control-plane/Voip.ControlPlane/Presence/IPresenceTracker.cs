namespace Voip.ControlPlane.Presence;

/// <summary>
/// Who is connected. The signaling feature feeds it (one entry per socket, refreshed by heartbeats within
/// <paramref>timeToLive</paramref>); calls read it to refuse calling an offline user (CALL001). Redis-backed
/// when REDIS_HOST is set so that every replica sees every socket.
/// </summary>
public interface IPresenceTracker
{
    /// <summary>
    /// True once a presence source (signaling) has been wired, via PRESENCE_ENFORCE or <see cref="PresenceOptions.Enforce"/>;
    /// until then nobody is "offline" and calls are not refused.
    /// </summary>
    bool IsAuthoritative { get; }

    /// <summary>Marks one connection of a user online for <paramref name="timeToLive"/> (call again to refresh).</summary>
    Task SetOnlineAsync(string userId, string connectionId, TimeSpan timeToLive, CancellationToken cancellationToken);

    Task SetOfflineAsync(string userId, string connectionId, CancellationToken cancellationToken);

    /// <summary>True when the user has at least one live connection.</summary>
    Task<bool> IsOnlineAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Online or not, and when the user was last seen (for GET /api/users/{id}).</summary>
    Task<PresenceState> GetAsync(string userId, CancellationToken cancellationToken);
}
