namespace Voip.ControlPlane.Tests.Support;

/// <summary>A clock that only moves when told to; timers are not needed by the control plane.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2025, 1, 15, 10, 30, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
