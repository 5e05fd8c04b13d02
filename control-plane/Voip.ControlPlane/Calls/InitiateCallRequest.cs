namespace Voip.ControlPlane.Calls;

/// <summary>POST /api/calls/initiate body (seed §6.2), plus <c>via</c> (<see cref="CallVia"/>; absent = peer to peer).</summary>
public sealed record InitiateCallRequest(string? TargetUserId, string? CallType, string? Via = null);
