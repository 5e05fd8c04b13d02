namespace Voip.Media.Diagnostics;

/// <summary>
/// The engine's recent load from cumulative counters sampled about once a second: CPU use (cores busy, so 1.5 =
/// one and a half cores) and forwarded packets per second, each over the last <see cref="Capacity"/> samples.
/// A window rather than the last interval, so placement does not chase one noisy second.
/// </summary>
/// <remarks>Not thread-safe: one sampler writes; readers take <see cref="Snapshot"/> under the sampler's lock.</remarks>
public sealed class LoadWindow
{
    /// <summary>Samples kept; with one a second the figures cover the last five seconds.</summary>
    public const int Capacity = 6;

    private readonly (long AtMs, TimeSpan Cpu, long Forwarded)[] _samples = new (long, TimeSpan, long)[Capacity];
    private int _count;
    private int _next;

    /// <summary>Records the cumulative process CPU time and forwarded-packet count at <paramref name="nowMs"/>.</summary>
    public void Add(long nowMs, TimeSpan cpuTime, long forwardedPackets)
    {
        _samples[_next] = (nowMs, cpuTime, forwardedPackets);
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    /// <summary>Load between the oldest and newest sample; zeros until two samples exist.</summary>
    public (double CpuLoad, long PacketsPerSecond) Snapshot()
    {
        if (_count < 2)
        {
            return (0, 0);
        }

        var newest = _samples[(_next + Capacity - 1) % Capacity];
        var oldest = _samples[(_next + Capacity - _count) % Capacity];
        var elapsedMs = newest.AtMs - oldest.AtMs;
        if (elapsedMs <= 0)
        {
            return (0, 0);
        }

        var cpu = Math.Max(0, (newest.Cpu - oldest.Cpu).TotalMilliseconds) / elapsedMs;
        // A counter that went backwards (a shard rebuilt) gives no rate rather than a negative one.
        var packets = Math.Max(0, newest.Forwarded - oldest.Forwarded);
        return (cpu, packets * 1000 / elapsedMs);
    }
}
