using System.Diagnostics;
using System.Globalization;
using System.Net;
using Voip.Media.Client;
using Voip.Media.Control.V1;

namespace Voip.LoadGen;

/// <summary>Runs one scenario: peers and handshakes, routing (engine and floor), a warm-up, a measured window, checks.</summary>
internal sealed partial class ScenarioRunner(EngineHandle engine, string floorBinary, int workers, TimeSpan warmup, TimeSpan measure)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public async Task<ScenarioResult> RunAsync(Scenario scenario)
    {
        var peers = new List<LoadPeer>();
        var io = new List<IoWorker>();
        FloorProcess? floor = null;
        string? routerId = null;
        try
        {
            for (int i = 0; i < scenario.PeerCount; i++)
            {
                var client = new WebRtcClientPeer(new WebRtcClientPeerOptions
                {
                    OwnReceiveThread = false,
                    ConsentInterval = TimeSpan.FromSeconds(5),
                    SocketBufferBytes = 4 * 1024 * 1024,
                    CertificateName = "voip-loadgen",
                });
                peers.Add(new LoadPeer(i, client));
            }

            // Peers spread round-robin over the I/O threads, so publishers and subscribers mix on each.
            int threads = Math.Clamp(workers, 1, peers.Count);
            for (int w = 0; w < threads; w++)
            {
                io.Add(new IoWorker(w, peers.Where(p => p.Index % threads == w).ToArray()));
            }

            io.ForEach(w => w.Start());
            var setup = Stopwatch.StartNew();
            IPEndPoint server = scenario.Echo ? await ConnectEchoAsync(scenario, peers) : await ConnectRouterAsync(scenario, peers, r => routerId = r);
            floor = await FloorProcess.StartAsync(floorBinary);
            ConfigureFloor(scenario, peers, floor);
            await floor.GoAsync();
            Console.WriteLine($"[{scenario.Name}] {peers.Count} peers connected and routed in {setup.Elapsed.TotalSeconds:F1} s; sending {scenario.PacketsPerSecond} pkt/s per publisher ({scenario.ForwardedPerSecond:F0} forwarded/s expected per forwarder)");

            io.ForEach(w => w.StartSending(scenario.PacketsPerSecond, server, floor.EndPoint));
            return await MeasureAsync(scenario, peers, io, floor);
        }
        finally
        {
            io.ForEach(w => w.Dispose());
            if (routerId is not null)
            {
                try
                {
                    await engine.Client.CloseRouterAsync(new CloseRouterRequest { RouterId = routerId });
                }
                catch (Grpc.Core.RpcException ex)
                {
                    Console.WriteLine($"[{scenario.Name}] close router: {ex.Status.Detail}");
                }
            }
            else
            {
                foreach (var peer in peers.Where(p => p.TransportId.Length > 0))
                {
                    try
                    {
                        await engine.Client.CloseTransportAsync(new CloseTransportRequest { TransportId = peer.TransportId });
                    }
                    catch (Grpc.Core.RpcException)
                    {
                        // Already closed (consent, DTLS): nothing to release.
                    }
                }
            }

            peers.ForEach(p => p.Dispose());
            floor?.Dispose();
        }
    }

    private async Task<ScenarioResult> MeasureAsync(Scenario scenario, List<LoadPeer> peers, List<IoWorker> io, FloorProcess floor)
    {
        int self = Environment.ProcessId;
        for (int s = 1; s <= warmup.TotalSeconds; s++)
        {
            await Task.Delay(1000);
            Console.WriteLine($"[{scenario.Name}] warm-up {s} s: {Totals(peers)}");
        }

        var clock = Stopwatch.StartNew();
        double engineCpu0 = ProcessCpu.Microseconds(engine.Pid), floorCpu0 = ProcessCpu.Microseconds(floor.Pid), selfCpu0 = ProcessCpu.Microseconds(self);
        long engineFwd0 = (await engine.ForwardingAsync()).Forwarded, floorFwd0 = await floor.ForwardedAsync();
        var (eRx0, eGap0, eBad0, fRx0, fGap0, fBad0) = Counts(peers);
        long sent0 = peers.Sum(p => Interlocked.Read(ref p.Sent));

        long lastEngine = engineFwd0, lastFloor = floorFwd0;
        double lastAt = 0;
        while (clock.Elapsed < measure)
        {
            await Task.Delay(1000);
            long e = (await engine.ForwardingAsync()).Forwarded, f = await floor.ForwardedAsync();
            double at = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(Inv, $"[{scenario.Name}] {at,4:F0} s: engine {(e - lastEngine) / (at - lastAt),7:F0} pkt/s, floor {(f - lastFloor) / (at - lastAt),7:F0} pkt/s; {Totals(peers)}"));
            (lastEngine, lastFloor, lastAt) = (e, f, at);
        }

        double seconds = clock.Elapsed.TotalSeconds;
        double engineCpu = ProcessCpu.Microseconds(engine.Pid) - engineCpu0, floorCpu = ProcessCpu.Microseconds(floor.Pid) - floorCpu0, selfCpu = ProcessCpu.Microseconds(self) - selfCpu0;
        long sent = peers.Sum(p => Interlocked.Read(ref p.Sent)) - sent0;
        var (engineFwd1, p50, p99) = await engine.ForwardingAsync();
        long floorFwd1 = await floor.ForwardedAsync();
        io.ForEach(w => w.StopSending());
        await Task.Delay(300); // let the last copies arrive before the final counts
        var (eRx, eGap, eBad, fRx, fGap, fBad) = Counts(peers);

        long engineFwd = engineFwd1 - engineFwd0, floorFwd = floorFwd1 - floorFwd0;
        return new ScenarioResult(
            scenario,
            seconds,
            sent * (scenario.ForwardedPerSecond / (scenario.Publishers * scenario.PacketsPerSecond)) / seconds,
            engineFwd / seconds,
            floorFwd / seconds,
            engineFwd > 0 ? engineCpu / engineFwd : double.NaN,
            floorFwd > 0 ? floorCpu / floorFwd : double.NaN,
            engineCpu / 1e6 / seconds,
            floorCpu / 1e6 / seconds,
            selfCpu / 1e6 / seconds,
            p50,
            p99,
            eRx - eRx0,
            eGap - eGap0,
            eBad - eBad0,
            fRx - fRx0,
            fGap - fGap0,
            fBad - fBad0,
            peers.Sum(p => p.Unexpected),
            peers.Sum(p => p.Client.UnprotectFailures),
            io.Sum(w => w.SendErrors),
            ProcessCpu.LoadAverage());
    }

    private static (long ERx, long EGap, long EBad, long FRx, long FGap, long FBad) Counts(List<LoadPeer> peers)
    {
        long eRx = 0, eGap = 0, eBad = 0, fRx = 0, fGap = 0, fBad = 0;
        foreach (var check in peers.SelectMany(p => p.Streams))
        {
            // Read without a lock: the I/O thread writes, a progress line may be one packet behind.
            if (check.ViaFloor)
            {
                (fRx, fGap, fBad) = (fRx + Volatile.Read(ref check.Received), fGap + Volatile.Read(ref check.Gaps), fBad + Volatile.Read(ref check.BadPayload));
            }
            else
            {
                (eRx, eGap, eBad) = (eRx + Volatile.Read(ref check.Received), eGap + Volatile.Read(ref check.Gaps), eBad + Volatile.Read(ref check.BadPayload));
            }
        }

        return (eRx, eGap, eBad, fRx, fGap, fBad);
    }

    private static string Totals(List<LoadPeer> peers)
    {
        var (eRx, eGap, eBad, fRx, fGap, fBad) = Counts(peers);
        long unprotect = peers.Sum(p => p.Client.UnprotectFailures);
        return $"subscribers got engine {eRx} (gaps {eGap}, bad {eBad}), floor {fRx} (gaps {fGap}, bad {fBad}), srtp failures {unprotect}";
    }
}
