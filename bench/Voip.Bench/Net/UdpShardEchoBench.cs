using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Voip.Media.Net;

namespace Voip.Bench.Net;

/// <summary>
/// Loopback echo through a shard: the client sends a burst of <see cref="Burst"/> datagrams with one
/// sendmmsg and waits for all echoes. One operation = one datagram round trip, so Mean is the cost per
/// datagram of the whole path (client send + shard receive/handle/send + client receive) on one core pair.
/// Baseline: the portable Socket path; compared with recvmmsg/sendmmsg.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class UdpShardEchoBench
{
    public const int Burst = 64;

    private UdpShard? _portable;
    private UdpShard? _batched;
    private MmsgLoadClient? _toPortable;
    private MmsgLoadClient? _toBatched;

    [Params(160, 1200)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _portable = Start(0, portable: true);
        _batched = Start(1, portable: false);
        _toPortable = new MmsgLoadClient(_portable.LocalEndPoint, Burst, Size);
        _toBatched = new MmsgLoadClient(_batched.LocalEndPoint, Burst, Size);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// portable shard: {Describe(_portable!)}");
        Console.WriteLine($"// batched shard:  {Describe(_batched!)}");
        _toPortable?.Dispose();
        _toBatched?.Dispose();
        _portable?.Dispose();
        _batched?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Burst)]
    public int PortableSocket() => _toPortable!.RoundTrip();

    [Benchmark(OperationsPerInvoke = Burst)]
    public int RecvMmsgSendMmsg() => _toBatched!.RoundTrip();

    private static UdpShard Start(int index, bool portable)
    {
        var shard = new UdpShard(index, new IPEndPoint(IPAddress.Loopback, 0), new ShardEchoHandler(), new UdpShardOptions { ForcePortableIo = portable });
        shard.Start();
        return shard;
    }

    private static string Describe(UdpShard s)
    {
        // The shard thread's own CPU time per datagram echoed: unlike Mean, not inflated by other load.
        long cpuNs = -1;
        using var done = new ManualResetEventSlim();
        s.Post(_ =>
        {
            cpuNs = ThreadCpuClock.NowNanoseconds();
            done.Set();
        });
        done.Wait(2000);
        double perDatagram = s.DatagramsReceived == 0 ? 0 : (double)cpuNs / s.DatagramsReceived;
        return $"received {s.DatagramsReceived}, sent {s.DatagramsSent}, send errors {s.SendErrors}, " +
            $"batches {s.ReceiveBatches} (avg {s.AverageReceiveBatch:F1}/batch), " +
            $"shard thread CPU {cpuNs / 1e6:F0} ms = {perDatagram:F0} ns/datagram";
    }
}
