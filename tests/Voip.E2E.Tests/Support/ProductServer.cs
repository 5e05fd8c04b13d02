using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Voip.E2E.Tests.Support;

/// <summary>
/// The product as `make run` starts it: the AOT engine (out/voip-media) and the built control plane
/// (voip-control-plane.dll) as two processes, here on free loopback ports with a temp SQLite file, a random
/// JWT secret and the given extra settings (e.g. a short CALL_RING_TIMEOUT). Both are stopped by PID.
/// </summary>
public sealed partial class ProductServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process engine;
    private readonly Process controlPlane;
    private readonly ConcurrentQueue<string> log;
    private readonly string directory;

    private ProductServer(Process engine, Process controlPlane, ConcurrentQueue<string> log, string directory, Uri baseAddress, string engineGrpc)
    {
        this.engine = engine;
        this.controlPlane = controlPlane;
        this.log = log;
        this.directory = directory;
        BaseAddress = baseAddress;
        EngineGrpc = engineGrpc;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public string EngineGrpc { get; }

    public HttpClient Http { get; }

    public string LogText => string.Join("\n", log);

    public static async Task<ProductServer> StartAsync(IDictionary<string, string>? settings = null)
    {
        var dll = RepoPaths.ControlPlaneDll;
        if (!File.Exists(dll))
        {
            Assert.Fail($"the control plane is not built at {dll}: run `make build` (make test does it)");
        }

        var binary = RepoPaths.EngineBinary;
        if (!File.Exists(binary))
        {
            Assert.Fail($"the AOT engine is not built at {binary}: run `make aot` (make test does it) or set VOIP_MEDIA_BINARY");
        }

        var directory = Directory.CreateTempSubdirectory("voip-e2e-").FullName;
        var log = new ConcurrentQueue<string>();
        var engine = StartProcess(binary, ["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1"], new Dictionary<string, string>(), "engine", log, out var engineReady);
        Process? controlPlane = null;
        try
        {
            var grpc = await engineReady.Task.WaitAsync(StartTimeout);
            var port = FreeTcpPort();
            var env = new Dictionary<string, string>
            {
                ["HOST"] = "127.0.0.1",
                ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["JWT_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
                ["SQLITE_PATH"] = Path.Combine(directory, "voip.db"),
                ["MEDIA_ENGINES"] = grpc,
                // Every browser of a test shares 127.0.0.1: the seed's 100 requests / 15 min per client would be shared too.
                ["RATE_LIMIT_MAX"] = "100000",
                ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                env[key] = value;
            }

            controlPlane = StartProcess("dotnet", [dll], env, "control-plane", log, out _);
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            await WaitHealthyAsync(baseAddress, controlPlane, log);
            return new ProductServer(engine, controlPlane, log, directory, baseAddress, grpc);
        }
        catch
        {
            Stop(controlPlane);
            Stop(engine);
            TestContext.Out.WriteLine(string.Join("\n", log));
            throw;
        }
    }

    private static Process StartProcess(string file, string[] args, Dictionary<string, string> env, string name, ConcurrentQueue<string> log, out TaskCompletionSource<string> engineReady)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        // Settings from the developer's shell (ASPNETCORE_URLS, PORT, …) must not leak into the product under test.
        foreach (var key in new[] { "ASPNETCORE_URLS", "URLS", "PORT", "HOST", "MONGODB_URL", "REDIS_HOST", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "NODE_ENV" })
        {
            psi.Environment.Remove(key);
        }

        foreach (var (key, value) in env)
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"{name} exited early"));
                return;
            }

            log.Enqueue($"[{name}] {e.Data}");
            if (EngineReadyLine().Match(e.Data) is { Success: true } m)
            {
                ready.TrySetResult(m.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue($"[{name}!] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        engineReady = ready;
        return process;
    }

    private static async Task WaitHealthyAsync(Uri baseAddress, Process process, ConcurrentQueue<string> log)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"control plane exited with {process.ExitCode}:\n" + string.Join("\n", log));
            }

            try
            {
                using var response = await http.GetAsync("healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("control plane did not become healthy:\n" + string.Join("\n", log));
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>GET with a bearer token, parsed as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {path}: {(int)response.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    /// <summary>Kills the media engine process outright (SIGKILL, no goodbye), as a crash would; returns when it is gone.</summary>
    public void KillEngine()
    {
        engine.Kill(entireProcessTree: true);
        engine.WaitForExit(10_000);
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        Stop(controlPlane);
        Stop(engine);
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the WAL for a moment; the temp dir is cleaned by the OS later.
        }

        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"voip-media ready grpc=(\S+)")]
    private static partial Regex EngineReadyLine();
}
