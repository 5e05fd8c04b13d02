using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// Drives the official npm socket.io-client (node/client.mjs) from NUnit: one Node process holding several
/// named sockets, commands and received events as JSON lines. Install once per run with <see cref="EnsureInstalledAsync"/>.
/// </summary>
public sealed class NodeSocketClients : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private readonly Process process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    private readonly ConcurrentDictionary<(string Name, string Event), Channel<JsonNode?>> events = new();
    private readonly Task reader;
    private int nextId;

    private NodeSocketClients(Process process)
    {
        this.process = process;
        reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The source folder (found by walking up from the test binaries), so node_modules lives beside package.json.</summary>
    public static string Folder { get; } = FindFolder();

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Voip.ControlPlane.Tests", "Signaling", "node");
            if (File.Exists(Path.Combine(candidate, "client.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Voip.ControlPlane.Tests/Signaling/node not found above " + AppContext.BaseDirectory);
    }

    public static string? Node => File.Exists("/usr/bin/node") ? "/usr/bin/node" : null;

    /// <summary>Runs <c>npm ci</c> in the client folder when node_modules is missing (fresh machine, `make test`).</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (Node is null)
        {
            Assert.Ignore("node is not installed (apt-get install -y nodejs npm)");
        }

        await InstallGate.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules", "socket.io-client")))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(npm)!;
            var stderr = p.StandardError.ReadToEndAsync();
            await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.That(p.ExitCode, Is.EqualTo(0), "npm ci failed: " + await stderr);
        }
        finally
        {
            InstallGate.Release();
        }
    }

    public static NodeSocketClients Start()
    {
        var start = new ProcessStartInfo(Node!, "client.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        return new NodeSocketClients(Process.Start(start)!);
    }

    /// <summary>Connects socket <paramref name="name"/>; returns the ack line ({ok, sid} or {ok:false, error}).</summary>
    public Task<JsonObject> ConnectAsync(string name, Uri url, string? token) =>
        SendAsync(new JsonObject { ["cmd"] = "connect", ["name"] = name, ["url"] = url.ToString().TrimEnd('/'), ["token"] = token });

    public async Task<string> ConnectOkAsync(string name, Uri url, string token)
    {
        var reply = await ConnectAsync(name, url, token);
        Assert.That(reply["ok"]!.GetValue<bool>(), Is.True, reply.ToJsonString());
        return reply["sid"]!.GetValue<string>();
    }

    /// <summary>Emits with an ack callback and returns the ack's first argument.</summary>
    public async Task<JsonNode?> EmitAsync(string name, string eventName, object payload)
    {
        var reply = await SendAsync(new JsonObject { ["cmd"] = "emit", ["name"] = name, ["event"] = eventName, ["payload"] = JsonSerializer.SerializeToNode(payload) });
        Assert.That(reply["ok"]!.GetValue<bool>(), Is.True, reply.ToJsonString());
        return reply["result"];
    }

    /// <summary>Emits without an ack.</summary>
    public Task SendEventAsync(string name, string eventName, object payload) =>
        SendAsync(new JsonObject { ["cmd"] = "send", ["name"] = name, ["event"] = eventName, ["payload"] = JsonSerializer.SerializeToNode(payload) });

    public Task CloseAsync(string name) => SendAsync(new JsonObject { ["cmd"] = "close", ["name"] = name });

    /// <summary>The next <paramref name="eventName"/> that socket <paramref name="name"/> received.</summary>
    public async Task<JsonNode?> WaitForAsync(string name, string eventName, double seconds = 5)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            return await Queue(name, eventName).Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"socket '{name}' got no '{eventName}' within {seconds} s");
            throw;
        }
    }

    /// <summary>True when the socket received <paramref name="eventName"/> within the window (and consumes it).</summary>
    public async Task<bool> ReceivedWithinAsync(string name, string eventName, double seconds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await Queue(name, eventName).Reader.ReadAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private Channel<JsonNode?> Queue(string name, string eventName) =>
        events.GetOrAdd((name, eventName), static _ => Channel.CreateUnbounded<JsonNode?>());

    private async Task<JsonObject> SendAsync(JsonObject command)
    {
        var id = Interlocked.Increment(ref nextId);
        command["id"] = id;
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = tcs;
        await process.StandardInput.WriteLineAsync(command.ToJsonString());
        await process.StandardInput.FlushAsync();
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    private async Task ReadLoopAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (JsonNode.Parse(line) is not JsonObject msg)
            {
                continue;
            }

            if (msg["id"] is { } id && pending.TryRemove(id.GetValue<int>(), out var tcs))
            {
                tcs.TrySetResult(msg);
            }
            else if (msg["event"] is { } ev)
            {
                Queue(msg["name"]!.GetValue<string>(), ev.GetValue<string>()).Writer.TryWrite(msg["payload"]?.DeepClone());
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(3)).ContinueWith(static _ => { }, TaskScheduler.Default);
        process.Dispose();
    }
}
