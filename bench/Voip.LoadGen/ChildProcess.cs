using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Voip.LoadGen;

/// <summary>A child process (the engine or the floor forwarder) whose output lines are kept and matched; stopped by PID.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Waiter)> _waiters = [];
    private readonly Lock _gate = new();

    private ChildProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public StreamWriter Input => _process.StandardInput;

    public string Log => string.Join("\n", _lines);

    public static ChildProcess Start(string path, IEnumerable<string> args, bool redirectInput)
    {
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + path);
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the next output line matching <paramref name="pattern"/>.</summary>
    public Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var waiter = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((pattern, waiter));
        }

        return waiter.Task.WaitAsync(timeout);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            lock (_gate)
            {
                foreach (var (_, waiter) in _waiters)
                {
                    waiter.TrySetException(new InvalidOperationException("process exited:\n" + Log));
                }

                _waiters.Clear();
            }

            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 500 && _lines.TryDequeue(out _))
        {
        }

        lock (_gate)
        {
            for (int i = 0; i < _waiters.Count; i++)
            {
                var match = _waiters[i].Pattern.Match(line);
                if (match.Success)
                {
                    _waiters[i].Waiter.TrySetResult(match);
                    _waiters.RemoveAt(i);
                    return;
                }
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
