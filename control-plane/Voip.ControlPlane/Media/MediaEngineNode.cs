using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Media;

/// <summary>
/// One engine the control plane drives: its gRPC client, whether it is reachable now, and its last load.
/// <see cref="Generation"/> goes up on every (re)connect, so a room can tell that the engine it was placed on
/// was lost meanwhile even if it is back (its routers are gone with the old process or session).
/// </summary>
public sealed class MediaEngineNode(string id, Uri address, V1.MediaEngine.MediaEngineClient client)
{
    private int pendingRooms;

    public string Id => id;

    public Uri Address => address;

    public V1.MediaEngine.MediaEngineClient Client => client;

    public bool Healthy { get; internal set; }

    public long Generation { get; internal set; }

    public MediaEngineLoad Load { get; internal set; }

    public string? Version { get; internal set; }

    /// <summary>Found through the engines' own registrations rather than MEDIA_ENGINES.</summary>
    public bool Discovered { get; init; }

    /// <summary>A discovered engine's registration is current (it keeps heartbeating).</summary>
    public bool Registered { get; internal set; }

    /// <summary>May take new rooms: configured, or registered now.</summary>
    public bool Accepting => !Discovered || Registered;

    /// <summary>Cancels this engine's connection loop when it is forgotten (linked to the app's stop).</summary>
    internal CancellationTokenSource? Removal { get; set; }

    internal Task? Loop { get; set; }

    /// <summary>Rooms placed here since the last load poll.</summary>
    public int PendingRooms => Volatile.Read(ref pendingRooms);

    internal void AddPending() => Interlocked.Increment(ref pendingRooms);

    internal void ResetPending() => Volatile.Write(ref pendingRooms, 0);
}
