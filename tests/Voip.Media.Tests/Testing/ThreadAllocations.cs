namespace Voip.Media.Tests.Testing;

/// <summary>
/// Measures what a piece of code allocates on the calling thread without counting the runtime's own work: the code
/// runs a few times unmeasured (JIT compilation, on-stack replacement of its loops, static initialisation), then
/// several measured times, and the smallest measurement is the answer. The runtime's one-off work (a tier-up
/// being scheduled from this thread can allocate a few hundred bytes on it) lands in one run at most, while code that
/// allocates does so in every run.
/// </summary>
internal static class ThreadAllocations
{
    /// <summary>The fewest bytes this thread allocated in any of the measured calls of <paramref name="action"/>.</summary>
    public static long InQuietestRun(Action action, int warmups = 3, int measured = 3)
    {
        for (int i = 0; i < warmups; i++)
        {
            action();
        }

        long fewest = long.MaxValue;
        for (int i = 0; i < measured; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            action();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
