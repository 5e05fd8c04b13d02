using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Voip.Media.Tests.Interop;

namespace Voip.Media.Tests.Host;

/// <summary>
/// Starts the shipped AOT engine (out/voip-media) with exactly the arguments and environment a test
/// gives, then either waits for its ready line (it runs; stop it with DisposeAsync, by PID) or for
/// its exit (it refused to start; <see cref="ExitCode"/> and <see cref="Output"/> say why).
/// </summary>
public sealed partial class EngineRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EngineRun(Process process) => _process = process;

    /// <summary>The gRPC address from the ready line (http:// or https://), or null if the engine exited.</summary>
    public string? GrpcAddress { get; private set; }

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>stdout and stderr, interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<EngineRun> StartAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        string binary = EngineProcess.BinaryPath;
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
        // Start from a clean slate: a VOIP_MEDIA_* variable in the test runner's environment must not leak in.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("VOIP_MEDIA_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + binary);
        var run = new EngineRun(process);
        var ready = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetResult(null);
                return;
            }

            run.Append(e.Data);
            if (ReadyLine().Match(e.Data) is { Success: true } match)
            {
                ready.TrySetResult(match.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                run.Append(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            run.GrpcAddress = await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
            await run.DisposeAsync();
            throw new TimeoutException("the engine neither got ready nor exited within 20 s:\n" + run.Output);
        }

        if (run.GrpcAddress is null)
        {
            // stdout closed: the process is exiting; wait so ExitCode and the stderr tail are there.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        return run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private void Append(string line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [GeneratedRegex(@"voip-media ready grpc=(\S+)")]
    private static partial Regex ReadyLine();
}
