using System.Globalization;

namespace Voip.LoadGen;

/// <summary>
/// `make loadtest`: P publishers × S subscribers over real UDP on loopback through the AOT engine and,
/// with the same packets and fan-out, through the bare C floor forwarder; prints a progress line per
/// second, one RESULT line per scenario (the headline last) and writes bench/results/loadtest.md.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: Voip.LoadGen [--engine out/voip-media] [--floor out/floor-forwarder] [--warmup 2] [--measure 8]
                            [--workers 2] [--rate 2000] [--only NAME] [--results bench/results/loadtest.md]
        """;

    public static async Task<int> Main(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine(Usage);
                return 2;
            }

            options[args[i][2..]] = args[i + 1];
        }

        if (args.Length % 2 != 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        string root = RepositoryRoot();
        string enginePath = options.GetValueOrDefault("engine", Path.Combine(root, "out", "voip-media"));
        string floorPath = options.GetValueOrDefault("floor", Path.Combine(root, "out", "floor-forwarder"));
        string resultsPath = options.GetValueOrDefault("results", Path.Combine(root, "bench", "results", "loadtest.md"));
        var warmup = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("warmup", "2"), CultureInfo.InvariantCulture));
        var measure = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("measure", "8"), CultureInfo.InvariantCulture));
        int workers = int.Parse(options.GetValueOrDefault("workers", "2"), CultureInfo.InvariantCulture);
        double rate = double.Parse(options.GetValueOrDefault("rate", "2000"), CultureInfo.InvariantCulture);
        string? only = options.GetValueOrDefault("only");

        foreach (var path in new[] { enginePath, floorPath })
        {
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"loadgen: {path} is missing; `make loadtest` builds it (make aot, and gcc for the floor)");
                return 1;
            }
        }

        using var engine = await EngineHandle.StartAsync(enginePath);
        bool routers = await engine.SupportsRoutersAsync();
        int video = Scenario.VideoPayloadFor(1200);
        var headline = new Scenario("video-1x10", Video: true, Publishers: 1, Subscribers: 10, Mesh: false, rate, video);
        List<Scenario> scenarios = routers
            ?
            [
                new Scenario("video-10x10", Video: true, Publishers: 10, Subscribers: 10, Mesh: false, rate / 10, video),
                new Scenario("audio-mesh-20", Video: false, Publishers: 20, Subscribers: 20, Mesh: true, 50, 160),
                headline,
            ]
            : [headline with { Name = "echo-1x1", Subscribers = 1, Echo = true, PacketsPerSecond = rate }];
        if (!routers)
        {
            Console.WriteLine("loadgen: the engine has no routers yet (CreateRouter is unimplemented): running the transport echo 1→1 only");
        }

        if (only is not null)
        {
            scenarios = scenarios.Where(s => s.Name == only).ToList();
        }

        var runner = new ScenarioRunner(engine, floorPath, workers, warmup, measure);
        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            try
            {
                results.Add(await runner.RunAsync(scenario));
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine($"[{scenario.Name}] failed: {ex}\n--- engine log ---\n{engine.Log}");
                return 1;
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(resultsPath)!);
        await File.WriteAllTextAsync(resultsPath, ResultsReport.Markdown(results, routers, warmup, measure, workers));
        Console.WriteLine($"loadgen: wrote {Path.GetRelativePath(root, resultsPath)}");
        foreach (var result in results)
        {
            Console.WriteLine(ResultsReport.ResultLine(result, named: result != results[^1]));
        }

        bool ok = results.All(r => r.Verified);
        if (!ok)
        {
            Console.Error.WriteLine("loadgen: verification failed (subscribers missed or got garbled packets): see the table above");
        }

        return ok ? 0 : 3;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Voip.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
