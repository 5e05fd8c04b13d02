using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Media;

/// <summary>Told about what engines report (their event streams) and about engines being lost.</summary>
public interface IMediaEngineListener
{
    /// <summary>One event from the engine's StreamEvents (transport, producer, consumer, active speaker).</summary>
    Task OnEngineEventAsync(MediaEngineNode engine, V1.EngineEvent engineEvent);

    /// <summary>The engine stopped answering (stream broken, load poll failed); everything placed on it is gone.</summary>
    Task OnEngineLostAsync(MediaEngineNode engine, string reason);
}
