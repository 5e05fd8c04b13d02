using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Voip.Bench.GcLog;

/// <summary>
/// Listens in-process to the runtime's GCAllocationTick events (one per ~100 KB allocated, naming the type that
/// crossed the mark) and rewrites <c>path</c> every half second with the top types. Creating <c>path.reset</c>
/// starts the count over (the bench touches it when its measured window begins).
/// </summary>
internal sealed class AllocationLogger : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> bytes = new(StringComparer.Ordinal);

    public static void Start(string path)
    {
        var listener = new AllocationLogger();
        var thread = new Thread(() => listener.Run(path)) { IsBackground = true, Name = "alloclog" };
        thread.Start();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is null || !eventData.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal)
            || eventData.PayloadNames is null || eventData.Payload is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName");
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (type < 0 || eventData.Payload[type] is not string name)
        {
            return;
        }

        var size = amount >= 0 ? Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture) : 100_000;
        bytes.AddOrUpdate(name, static (_, add) => add, static (_, total, add) => total + add, size);
    }

    private void Run(string path)
    {
        while (true)
        {
            Thread.Sleep(500);
            if (File.Exists(path + ".reset"))
            {
                File.Delete(path + ".reset");
                bytes.Clear();
            }

            var snapshot = bytes.ToArray();
            var total = Math.Max(1, snapshot.Sum(kv => kv.Value));
            var lines = snapshot.OrderByDescending(kv => kv.Value).Take(60)
                .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value / 1e6,10:F1} MB {100.0 * kv.Value / total,5:F1}% {kv.Key}"))
                .Prepend(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} total {total / 1e6:F1} MB"));
            File.WriteAllLines(path, lines);
        }
    }
}
