using Voip.Media.Transport;

namespace Voip.Media.Engine;

/// <summary>Something the control plane wants to hear about, as it happens.</summary>
public sealed record EngineEvent(long UnixTimeMs, string TransportId, TransportState State, string? Reason);
