namespace Voip.ControlPlane.Signaling;

/// <summary>Published on the <c>presence</c> topic when a user's first socket opens or last socket closes.</summary>
public sealed record PresenceChange(string UserId, bool Online);
