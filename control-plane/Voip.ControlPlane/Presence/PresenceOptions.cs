namespace Voip.ControlPlane.Presence;

/// <summary>Whether presence is enforced (PRESENCE_ENFORCE); the signaling feature turns this on when it registers.</summary>
public sealed class PresenceOptions
{
    public bool Enforce { get; set; }
}
