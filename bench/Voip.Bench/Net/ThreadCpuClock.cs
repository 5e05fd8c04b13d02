using System.Runtime.InteropServices;

namespace Voip.Bench.Net;

/// <summary>CPU time consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID), independent of machine load.</summary>
internal static unsafe partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long NowNanoseconds()
    {
        long* timespec = stackalloc long[2];
        return ClockGetTime(ClockThreadCpuTimeId, timespec) == 0 ? (timespec[0] * 1_000_000_000L) + timespec[1] : -1;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, long* timespec);
}
