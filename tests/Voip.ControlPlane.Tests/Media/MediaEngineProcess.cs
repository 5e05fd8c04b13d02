using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Tests.Media;

/// <summary>
/// The shipped AOT engine (out/voip-media, or $VOIP_MEDIA_BINARY) on ephemeral ports: started, its ready line
/// parsed for the gRPC address, stopped (or killed, to test engine loss) by PID.
/// </summary>
public sealed partial class MediaEngineProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> log;
    private readonly GrpcChannel channel;

    private MediaEngineProcess(Process process, string address, ConcurrentQueue<string> log)
    {
        this.process = process;
        this.log = log;
        Address = address;
        channel = GrpcChannel.ForAddress(address);
        Client = new V1.MediaEngine.MediaEngineClient(channel);
    }

    /// <summary>The gRPC URL, e.g. http://127.0.0.1:41234 (what MEDIA_ENGINES takes).</summary>
    public string Address { get; }

    public V1.MediaEngine.MediaEngineClient Client { get; }

    public string LogText => string.Join("\n", log);

    public static string BinaryPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("VOIP_MEDIA_BINARY") is { Length: > 0 } fromEnv)
            {
                return fromEnv;
            }

            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Voip.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? ".", "out", "voip-media");
        }
    }

    public static async Task<MediaEngineProcess> StartAsync(params string[] extraArgs)
    {
        var binary = BinaryPath;
        if (!File.Exists(binary))
        {
            Assert.Fail($"the AOT engine is not built at {binary}: run `make aot` (make test does it) or set VOIP_MEDIA_BINARY");
        }

        var start = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + binary);
        var log = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("engine exited before it was ready:\n" + string.Join("\n", log)));
                return;
            }

            log.Enqueue(e.Data);
            if (ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return new MediaEngineProcess(process, address.StartsWith("http", StringComparison.Ordinal) ? address : "http://" + address, log);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Kills the engine at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill();
        }
    }

    /// <summary>Asks the engine to stop (SIGTERM, as systemd or Kubernetes would) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            _ = SendSignal(process.Id, 15);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        channel.Dispose();
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        process.Dispose();
    }

    [GeneratedRegex(@"voip-media ready grpc=(\S+)")]
    private static partial Regex ReadyLine();
}
