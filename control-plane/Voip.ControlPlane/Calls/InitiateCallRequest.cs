namespace Voip.ControlPlane.Calls;

/// <summary>POST /api/calls/initiate body (seed §6.2).</summary>
public sealed record InitiateCallRequest(string? TargetUserId, string? CallType);
