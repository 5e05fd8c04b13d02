using System.Globalization;
using System.Text;

namespace Voip.LoadGen;

/// <summary>The RESULT lines and bench/results/loadtest.md.</summary>
internal static class ResultsReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The headline's line is exactly the issue's format; the others carry <c>scenario=</c> first.</summary>
    public static string ResultLine(ScenarioResult r, bool named) => string.Create(Inv,
        $"RESULT {(named ? $"scenario={r.Scenario.Name} " : "")}forwarded_pps={r.EngineForwardedPps:F0} engine_cpu_us_per_pkt={r.EngineCpuUsPerPacket:F2} floor_cpu_us_per_pkt={r.FloorCpuUsPerPacket:F2} p50_us={r.P50Us:F1} p99_us={r.P99Us:F1}");

    public static string Markdown(IReadOnlyList<ScenarioResult> results, bool routers, TimeSpan warmup, TimeSpan measure, int workers)
    {
        var md = new StringBuilder();
        md.AppendLine("# make loadtest — engine vs. the bare C floor forwarder");
        md.AppendLine();
        md.AppendLine(string.Create(Inv, $"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({CpuModel()}); load average at the end of each scenario in the table (the machine is shared)."));
        md.AppendLine(string.Create(Inv, $"Each scenario: {warmup.TotalSeconds:F0} s warm-up, then {measure.TotalSeconds:F0} s measured; the generator runs {workers} I/O threads."));
        if (!routers)
        {
            md.AppendLine();
            md.AppendLine("**Echo mode**: the engine had no routers yet, so the engine path is the transport echo (1→1), not Produce/Consume.");
        }

        md.AppendLine();
        md.AppendLine("| scenario | shape | pkt/s per publisher | wire bytes | target fwd pkt/s | offered fwd pkt/s | engine fwd pkt/s | floor fwd pkt/s | engine CPU µs/pkt | floor CPU µs/pkt | ratio | engine p50 µs | engine p99 µs | engine cores | floor cores | generator cores | load avg |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            int wire = RtpPacketBuilder.HeaderLength(r.Scenario.Video) + r.Scenario.PayloadLength + 16;
            md.AppendLine(string.Create(Inv,
                $"| {r.Scenario.Name} | {r.Scenario.Shape} | {r.Scenario.PacketsPerSecond:F0} | {wire} | {r.Scenario.ForwardedPerSecond:F0} | {r.OfferedPps:F0} | {r.EngineForwardedPps:F0} | {r.FloorForwardedPps:F0} | {r.EngineCpuUsPerPacket:F2} | {r.FloorCpuUsPerPacket:F2} | {r.Ratio:F2}× | {r.P50Us:F1} | {r.P99Us:F1} | {r.EngineCpuCores:F2} | {r.FloorCpuCores:F2} | {r.GeneratorCpuCores:F2} | {r.LoadAverage} |"));
        }

        md.AppendLine();
        md.AppendLine("Subscriber checks over the measured window (every packet SRTP-authenticated, payload length and origin marker checked, sequence gaps counted):");
        md.AppendLine();
        md.AppendLine("| scenario | via engine: received | gaps | bad | via floor: received | gaps | bad | unexpected SSRC | SRTP failures (whole run) | generator send errors | verified |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            md.AppendLine(string.Create(Inv,
                $"| {r.Scenario.Name} | {r.EngineReceived} | {r.EngineGaps} | {r.EngineBad} | {r.FloorReceived} | {r.FloorGaps} | {r.FloorBad} | {r.Unexpected} | {r.UnprotectFailures} | {r.SendErrors} | {(r.Verified ? "yes" : "NO")} |"));
        }

        md.AppendLine();
        md.AppendLine("```");
        for (int i = 0; i < results.Count; i++)
        {
            md.AppendLine(ResultLine(results[i], named: i != results.Count - 1));
        }

        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("""
            How it is measured
            - Packets: video is VP8 (payload type 96) with one header extension, abs-send-time (id 3), as browsers
              send it: 20-byte RTP header + 1164-byte payload + 16-byte GCM tag = 1200 bytes; every frame is 10
              packets and starts with a key-frame header. Audio is Opus-sized: 12-byte header + 160-byte payload,
              no extensions, 50 packets/s per peer. All SRTP is AEAD_AES_128_GCM (RFC 7714).
            - Each packet is built and protected once by the publisher and sent twice from its socket: to the
              engine (through ICE/DTLS-established transports, Produce/Consume) and, as the same bytes, to the floor.
            - Floor: bench/floor-forwarder (C, gcc -O2, OpenSSL libcrypto): recvmmsg → AES-128-GCM decrypt once →
              per subscriber re-encrypt with the subscriber's key (new SSRC) → sendmmsg. No ICE, DTLS, RTCP,
              replay window or header rewriting: the least an SFU can do. It uses the keys the subscribers
              already have from DTLS, with its own SSRCs, so the subscribers check both paths the same way.
            - CPU: utime+stime from /proc/<pid>/stat over the measured window (10 ms ticks) divided by the
              forwarder's own count of forwarded RTP packets (engine: GetEngineInfo shards[].forwarded_packets;
              floor: its stats line). Both processes run at the same time, so they see the same machine load.
            - target = what the scenario asks for; offered = publisher packets the generator actually sent in the
              window × fan-out. When offered is below target, the generator itself did not get the CPU (a shared,
              overloaded machine): then forwarded pkt/s says nothing about either forwarder's capacity, and CPU
              per forwarded packet (same window, same packets, both forwarders side by side) is the number to compare.
            - Latency: inside the engine, from the receive batch (Stopwatch timestamp at recvmmsg) to the return of
              the sendmmsg that carried the copy, over the last 5–10 s (GetEngineInfo forward_latency_p50/p99_us).
            """);
        return md.ToString();
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
