namespace Voip.ControlPlane.Media;

/// <summary>An engine's load as its last GetEngineInfo reported it.</summary>
public readonly record struct MediaEngineLoad(uint Transports, uint Routers, uint Producers, uint Consumers, double CpuLoad)
{
    /// <summary>
    /// One number to compare engines by: CPU dominates once the engine reports it (0..1 per core, so 0.5 = 50
    /// points), then transports and routers (a router costs a shard's attention whether or not it is busy).
    /// <paramref name="pendingRooms"/> are rooms placed since the last poll, so a burst spreads out.
    /// </summary>
    public double Score(int pendingRooms) => (CpuLoad * 100) + Transports + (2.0 * (Routers + pendingRooms));
}
