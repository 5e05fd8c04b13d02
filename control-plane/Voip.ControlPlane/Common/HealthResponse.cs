namespace Voip.ControlPlane.Common;

/// <summary>/healthz and /readyz body: overall status and, for readiness, each dependency's state.</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string>? Checks = null);
