namespace Voip.Media.Tests.Testing;

/// <summary>
/// Measures what a piece of code allocates on the calling thread without counting the runtime's own first-run
/// work: the code runs several times and only the last run is measured, so JIT compilation, on-stack replacement
/// of its loops and static initialisation (which can allocate a few KB on the thread) happen in the earlier runs.
/// </summary>
internal static class ThreadAllocations
{
    /// <summary>Bytes allocated on this thread by the last of <paramref name="runs"/> calls of <paramref name="action"/>.</summary>
    public static long InLastRun(Action action, int runs = 5)
    {
        for (int i = 1; i < runs; i++)
        {
            action();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
