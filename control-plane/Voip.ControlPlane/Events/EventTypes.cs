namespace Voip.ControlPlane.Events;

public static class EventTypes
{
    /// <summary>POST /api/calls/initiate created a call; data is a <see cref="Calls.CallInitiatedEvent"/>.</summary>
    public const string CallInitiated = "call.initiated";
}
