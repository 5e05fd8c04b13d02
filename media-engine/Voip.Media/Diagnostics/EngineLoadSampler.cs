using Voip.Media.Engine;

namespace Voip.Media.Diagnostics;

/// <summary>
/// Samples the process's CPU time and the shards' forwarded packets once a second into a <see cref="LoadWindow"/>
/// for GetEngineInfo (the control plane places rooms by it). Off the packet path: it only reads counters.
/// </summary>
public sealed class EngineLoadSampler : IDisposable
{
    private readonly MediaEngine _engine;
    private readonly LoadWindow _window = new();
    private readonly Lock _gate = new();
    private readonly Timer _timer;

    public EngineLoadSampler(MediaEngine engine, TimeSpan? period = null)
    {
        _engine = engine;
        Sample();
        var every = period ?? TimeSpan.FromSeconds(1);
        _timer = new Timer(_ => Sample(), null, every, every);
    }

    /// <summary>CPU use in cores over the last few seconds, and forwarded packets per second.</summary>
    public (double CpuLoad, long PacketsPerSecond) Current
    {
        get
        {
            lock (_gate)
            {
                return _window.Snapshot();
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        long forwarded = 0;
        foreach (var shard in _engine.Shards)
        {
            forwarded += shard.Udp.ForwardedPackets;
        }

        var cpu = Environment.CpuUsage.TotalTime;
        lock (_gate)
        {
            _window.Add(Environment.TickCount64, cpu, forwarded);
        }
    }
}
