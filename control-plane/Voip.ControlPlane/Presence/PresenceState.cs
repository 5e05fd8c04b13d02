namespace Voip.ControlPlane.Presence;

/// <summary>
/// A user's presence as shown to others: online while any socket of the user is alive on any replica;
/// <paramref name="LastSeen"/> is the last heartbeat or disconnect (null when the user was never connected).
/// </summary>
public readonly record struct PresenceState(bool Online, DateTimeOffset? LastSeen);
