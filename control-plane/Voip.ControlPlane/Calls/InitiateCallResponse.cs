namespace Voip.ControlPlane.Calls;

/// <summary>POST /api/calls/initiate response (seed §6.2): <c>{ success, callId, message }</c>.</summary>
public sealed record InitiateCallResponse(bool Success, string CallId, string Message);
