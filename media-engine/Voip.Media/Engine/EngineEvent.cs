using Voip.Media.Transport;

namespace Voip.Media.Engine;

/// <summary>Something the control plane wants to hear about, as it happens.</summary>
public abstract record EngineEvent(long UnixTimeMs);

public sealed record TransportStateEvent(long UnixTimeMs, string TransportId, TransportState State, string? Reason) : EngineEvent(UnixTimeMs);

public sealed record ProducerClosedEvent(long UnixTimeMs, string ProducerId, string Reason) : EngineEvent(UnixTimeMs);

/// <summary>A consumer closed, its producer paused or resumed, or the layer it forwards changed (Layer ≥ 0).</summary>
public sealed record ConsumerStateEvent(long UnixTimeMs, string ConsumerId, bool Closed, string? Reason, bool ProducerPaused, int? Layer) : EngineEvent(UnixTimeMs);

/// <summary>The dominant speaker of a room changed (ProducerId null: silence).</summary>
public sealed record ActiveSpeakerEvent(long UnixTimeMs, string RouterId, string? ProducerId, int LevelDbov) : EngineEvent(UnixTimeMs);
