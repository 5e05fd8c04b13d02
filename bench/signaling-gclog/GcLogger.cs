using System.Globalization;

namespace Voip.Bench.GcLog;

/// <summary>
/// Polls <see cref="GC.GetGCMemoryInfo(GCKind)"/> every 20 ms and writes one line per collection: wall time,
/// index, generation, pause, promoted bytes, heap size, compacted, concurrent (and how many collections fell
/// between two polls, which then go unreported). Lined up with load.mjs's phase marks, it tells which
/// collections fell inside a measured window.
/// </summary>
internal static class GcLogger
{
    public static void Start(string path)
    {
        var thread = new Thread(() => Run(path)) { IsBackground = true, Name = "gclog" };
        thread.Start();
    }

    private static void Run(string path)
    {
        // Appending: load.mjs's phase marks are appended to the same file by the bench script.
        using var writer = new StreamWriter(path, append: true) { AutoFlush = true };
        long last = 0;
        while (true)
        {
            Thread.Sleep(20);
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index == last)
            {
                continue;
            }

            var missed = info.Index - last - 1;
            last = info.Index;
            var pauses = info.PauseDurations;
            var pause = (pauses.Length > 0 ? pauses[0].TotalMilliseconds : 0) + (pauses.Length > 1 ? pauses[1].TotalMilliseconds : 0);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{DateTime.UtcNow:HH:mm:ss.fff} idx={info.Index} gen={info.Generation} pause={pause:F1}ms promotedMB={info.PromotedBytes / 1e6:F1} heapMB={info.HeapSizeBytes / 1e6:F1} compacted={info.Compacted} concurrent={info.Concurrent} missed={missed} totalPause={GC.GetTotalPauseDuration().TotalMilliseconds:F0}"));
        }
    }
}
