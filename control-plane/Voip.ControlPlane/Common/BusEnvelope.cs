namespace Voip.ControlPlane.Common;

/// <summary>Wire form of a bus message on Redis pub/sub.</summary>
public sealed record BusEnvelope(string Type, string Data);
