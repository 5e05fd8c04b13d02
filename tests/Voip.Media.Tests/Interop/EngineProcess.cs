using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// Starts the shipped AOT engine (out/voip-media, or $VOIP_MEDIA_BINARY) on ephemeral ports, waits
/// for its ready line, keeps its log, and stops it by PID.
/// </summary>
public sealed partial class EngineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log;
    private readonly GrpcChannel _channel;

    private EngineProcess(Process process, string grpcAddress, ConcurrentQueue<string> log)
    {
        _process = process;
        _log = log;
        GrpcAddress = grpcAddress;
        _channel = GrpcChannel.ForAddress(grpcAddress);
        Client = new MediaEngine.MediaEngineClient(_channel);
    }

    public string GrpcAddress { get; }

    public MediaEngine.MediaEngineClient Client { get; }

    public int ProcessId => _process.Id;

    public IEnumerable<string> Log => _log;

    public static string BinaryPath
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("VOIP_MEDIA_BINARY");
            if (!string.IsNullOrEmpty(fromEnv))
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

    public static async Task<EngineProcess> StartAsync(params string[] extraArgs)
    {
        string binary = BinaryPath;
        if (!File.Exists(binary))
        {
            Assert.Fail($"the AOT engine is not built at {binary}: run `make aot` (make test does it) or set VOIP_MEDIA_BINARY");
        }

        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "2" }.Concat(extraArgs))
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + binary);
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("engine exited before it was ready:\n" + string.Join("\n", log)));
                return;
            }

            log.Enqueue(e.Data);
            var match = ReadyLine().Match(e.Data);
            if (match.Success)
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

        string address;
        try
        {
            address = await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            try { process.Kill(); } catch (InvalidOperationException) { }
            throw;
        }

        return new EngineProcess(process, address, log);
    }

    public string LogText => string.Join("\n", _log);

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"voip-media ready grpc=(\S+)")]
    private static partial Regex ReadyLine();
}
