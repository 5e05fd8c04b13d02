using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Voip.Media.Tests.Interop.Werift;

/// <summary>
/// One werift RTCPeerConnection (npm werift, an independent WebRTC stack in TypeScript) in its own Node
/// process (peer.mjs), driven by JSON lines. Pinned to 127.0.0.1 (TESTING.md). Offers N sending and M
/// receiving m-lines, applies answers (or answers offers), sends RTP on a track at a rate, and reports
/// what it received by SSRC and by mid.
/// </summary>
public sealed class WeriftPeer : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Task _reader;
    private int _nextId;

    private WeriftPeer(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadLoopAsync);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _log.Enqueue("stderr: " + e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The driver's folder in the source tree (found by walking up from the test binaries), so node_modules lives beside package.json.</summary>
    public static string Folder { get; } = FindFolder();

    public static string? Node => File.Exists("/usr/bin/node") ? "/usr/bin/node" : null;

    public int ProcessId => _process.Id;

    /// <summary>Events (connection states) and the driver's stderr, for failure messages.</summary>
    public string LogText => string.Join("\n", _log);

    /// <summary>Runs <c>npm ci</c> (versions pinned by package-lock.json) when node_modules is missing; ignores the test without Node.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (Node is null)
        {
            Assert.Ignore("node is not installed (apt-get install -y nodejs npm)");
        }

        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, "node_modules", "werift", "package.json")))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = Folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
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

    public static async Task<WeriftPeer> StartAsync()
    {
        await EnsureInstalledAsync();
        var start = new ProcessStartInfo(Node!, "peer.mjs")
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return new WeriftPeer(Process.Start(start) ?? throw new InvalidOperationException("could not start node"));
    }

    /// <summary>Offers one sendrecv m-line per kind asked for.</summary>
    public Task<WeriftDescription> CreateOfferAsync(bool audio, bool video) =>
        CreateOfferAsync(new WeriftOfferOptions { Send = [.. audio ? new[] { "audio" } : [], .. video ? new[] { "video" } : []] });

    /// <summary>Adds the transceivers and returns the offer (ICE gathering complete, candidates inline).</summary>
    public async Task<WeriftDescription> CreateOfferAsync(WeriftOfferOptions options)
    {
        var reply = await SendAsync(new JsonObject
        {
            ["cmd"] = "createOffer",
            ["send"] = new JsonArray([.. options.Send.Select(k => (JsonNode)new JsonObject { ["kind"] = k, ["direction"] = options.SendDirection })]),
            ["recv"] = new JsonArray([.. options.Receive.Select(k => (JsonNode)new JsonObject { ["kind"] = k })]),
            ["videoCodecs"] = new JsonArray([.. options.VideoCodecs.Select(c => (JsonNode)c)]),
            ["headerExtensions"] = new JsonArray([.. options.HeaderExtensions.Select(e => (JsonNode)e)]),
        });
        return reply.Deserialize<WeriftDescription>(Json)!;
    }

    /// <summary>Applies the remote answer to our offer; returns the transceivers with their negotiated codecs.</summary>
    public async Task<IReadOnlyList<WeriftTrack>> SetAnswerAsync(string sdp)
    {
        var reply = await SendAsync(new JsonObject { ["cmd"] = "setRemoteDescription", ["type"] = "answer", ["sdp"] = sdp });
        return reply["tracks"].Deserialize<WeriftTrack[]>(Json)!;
    }

    /// <summary>Applies a remote offer and returns werift's answer. m-lines created this way receive only
    /// (werift gets no local source for them); to send, let werift offer.</summary>
    public async Task<WeriftDescription> AcceptOfferAsync(string sdp, WeriftOfferOptions? options = null)
    {
        var cmd = new JsonObject { ["cmd"] = "setRemoteDescription", ["type"] = "offer", ["sdp"] = sdp };
        if (options is not null)
        {
            cmd["videoCodecs"] = new JsonArray([.. options.VideoCodecs.Select(c => (JsonNode)c)]);
            cmd["headerExtensions"] = new JsonArray([.. options.HeaderExtensions.Select(e => (JsonNode)e)]);
        }

        var reply = await SendAsync(cmd);
        return reply.Deserialize<WeriftDescription>(Json)!;
    }

    /// <summary>Starts sending on track <paramref name="track"/> (offer index): <paramref name="rate"/> packets/s for audio, frames/s for video.</summary>
    public Task<WeriftTrack> StartSendingAsync(int track, double rate, WeriftSendOptions? options = null) =>
        StartSendingAsync(new JsonObject { ["track"] = track }, rate, options);

    /// <summary>Starts sending on the track with this mid.</summary>
    public Task<WeriftTrack> StartSendingAsync(string mid, double rate, WeriftSendOptions? options = null) =>
        StartSendingAsync(new JsonObject { ["mid"] = mid }, rate, options);

    public async Task StopSendingAsync(int track) =>
        await SendAsync(new JsonObject { ["cmd"] = "stopSending", ["track"] = track });

    /// <summary>Sends an RTCP PLI (RFC 4585 §6.3.1) for what the m-line <paramref name="mid"/> receives
    /// (its first received SSRC unless <paramref name="ssrc"/> is given); returns the SSRC asked for.</summary>
    public async Task<uint> RequestKeyFrameAsync(string mid, uint? ssrc = null)
    {
        var cmd = new JsonObject { ["cmd"] = "requestKeyFrame", ["mid"] = mid };
        if (ssrc is { } s)
        {
            cmd["ssrc"] = s;
        }

        var reply = await SendAsync(cmd);
        return reply["ssrc"]!.GetValue<uint>();
    }

    /// <summary>Writes the complete VP8 frames received on <paramref name="ssrc"/> (from the first key frame on)
    /// to an IVF file at <paramref name="path"/>, so an independent decoder can check them.</summary>
    public async Task<WeriftIvf> SaveIvfAsync(uint ssrc, string path)
    {
        var reply = await SendAsync(new JsonObject { ["cmd"] = "saveIvf", ["ssrc"] = ssrc, ["path"] = path });
        return reply.Deserialize<WeriftIvf>(Json)!;
    }

    public async Task<WeriftStats> GetStatsAsync()
    {
        var reply = await SendAsync(new JsonObject { ["cmd"] = "stats" });
        return reply.Deserialize<WeriftStats>(Json)!;
    }

    /// <summary>Polls the stats until <paramref name="done"/> holds or the time is up; returns the last snapshot.</summary>
    public async Task<WeriftStats> WaitForStatsAsync(Func<WeriftStats, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var stats = await GetStatsAsync();
        while (!done(stats) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            stats = await GetStatsAsync();
        }

        return stats;
    }

    /// <summary>Closes the peer connection (DTLS close_notify); the process exits after replying.</summary>
    public async Task CloseAsync()
    {
        if (!_process.HasExited)
        {
            await SendAsync(new JsonObject { ["cmd"] = "close" });
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin makes the driver close its peer connection and exit by itself.
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(3));
            }
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (IOException)
        {
            // stdin already gone: the process is exiting.
        }

        await _reader.WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _process.Dispose();
    }

    private async Task<WeriftTrack> StartSendingAsync(JsonObject cmd, double rate, WeriftSendOptions? options)
    {
        options ??= new WeriftSendOptions();
        cmd["cmd"] = "startSending";
        cmd["rate"] = rate;
        cmd["synthetic"] = options.Synthetic;
        cmd["keyFrameInterval"] = options.KeyFrameInterval;
        if (options.PayloadSize is { } size)
        {
            cmd["payloadSize"] = size;
        }

        if (options.AudioClip)
        {
            cmd["audioClip"] = true;
        }

        if (options.AudioLevel is { } level)
        {
            cmd["audioLevel"] = level;
        }

        var reply = await SendAsync(cmd);
        return reply["track"].Deserialize<WeriftTrack>(Json)!;
    }

    private async Task<JsonObject> SendAsync(JsonObject command, double seconds = 20)
    {
        int id = Interlocked.Increment(ref _nextId);
        command["id"] = id;
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        string line = command.ToJsonString();
        lock (_process)
        {
            _process.StandardInput.WriteLine(line);
            _process.StandardInput.Flush();
        }

        JsonObject result;
        try
        {
            result = await reply.Task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"werift did not answer '{command["cmd"]}' within {seconds} s; log:\n{LogText}");
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }

        if (result["ok"]?.GetValue<bool>() != true)
        {
            throw new InvalidOperationException($"werift '{command["cmd"]}' failed: {result["error"]}");
        }

        return result;
    }

    private async Task ReadLoopAsync()
    {
        var stdout = _process.StandardOutput;
        while (await stdout.ReadLineAsync() is { } line)
        {
            JsonObject? msg;
            try
            {
                msg = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                _log.Enqueue("stdout: " + line);
                continue;
            }

            if (msg?["id"] is JsonValue idValue && _pending.TryGetValue(idValue.GetValue<int>(), out var waiter))
            {
                waiter.TrySetResult(msg);
            }
            else
            {
                _log.Enqueue(line);
            }
        }

        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(new InvalidOperationException("the werift process exited; log:\n" + LogText));
        }
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Voip.Media.Tests", "Interop", "werift");
            if (File.Exists(Path.Combine(candidate, "peer.mjs")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/Voip.Media.Tests/Interop/werift not found above " + AppContext.BaseDirectory);
    }
}
