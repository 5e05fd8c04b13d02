using BenchmarkDotNet.Attributes;
using Voip.Media.Routing;

namespace Voip.Bench.Routing;

/// <summary>Per packet: add 1200 bytes (a packet every 0.4 ms, 24 Mbps). The baseline keeps a queue of (time, bytes) for the last second.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class BitrateMeterBenchmarks
{
    private const int Packets = 1000;
    private readonly BitrateMeter _meter = new();
    private readonly Queue<(long Ms, int Bytes)> _queue = new();
    private long _queueBytes;
    private long _tenthsOfMs;

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public long QueueWindow()
    {
        for (int i = 0; i < Packets; i++, _tenthsOfMs += 4)
        {
            long now = _tenthsOfMs / 10;
            _queue.Enqueue((now, 1200));
            _queueBytes += 1200;
            while (_queue.Peek().Ms <= now - 1000)
            {
                _queueBytes -= _queue.Dequeue().Bytes;
            }
        }

        return _queueBytes * 8;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long Add()
    {
        for (int i = 0; i < Packets; i++, _tenthsOfMs += 4)
        {
            _meter.Add(1200, _tenthsOfMs / 10);
        }

        return _meter.TotalBytes;
    }
}
