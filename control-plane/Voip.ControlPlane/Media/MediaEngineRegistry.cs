using System.Collections.Immutable;
using Grpc.Core;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Media;

/// <summary>
/// The engines of MEDIA_ENGINES, each kept connected by its own loop: read its info, hold its event stream,
/// poll its load. A broken stream or a failed poll loses the engine (listeners end what was on it) and the
/// loop reconnects with exponential backoff (<see cref="MediaBackoff"/>). New rooms go to the least-loaded
/// healthy engine (<see cref="MediaEnginePlacement"/>).
/// </summary>
public sealed partial class MediaEngineRegistry : BackgroundService
{
    private readonly MediaOptions options;
    private readonly IMediaEngineClientFactory clients;
    private readonly IMediaEngineDirectory? directory;
    // Real time, not the app's injectable clock: polls and backoff measure how long an engine has been unreachable.
    private readonly TimeProvider time = TimeProvider.System;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private ImmutableArray<MediaEngineNode> engines;
    private ImmutableArray<IMediaEngineListener> listeners = [];
    private CancellationToken stopping;
    private bool running;

    public MediaEngineRegistry(MediaOptions options, IMediaEngineClientFactory clients, ILogger<MediaEngineRegistry> logger, IMediaEngineDirectory? directory = null)
    {
        this.options = options;
        this.clients = clients;
        this.logger = logger;
        this.directory = directory;
        engines = [.. options.Engines.Select(u => new MediaEngineNode(IdOf(u), u, clients.Create(u)))];
    }

    /// <summary>The configured engines, then those that registered themselves (a snapshot).</summary>
    public IReadOnlyList<MediaEngineNode> Engines => engines;

    public MediaOptions Options => options;

    public void AddListener(IMediaEngineListener listener) => ImmutableInterlocked.Update(ref listeners, static (l, x) => l.Add(x), listener);

    /// <summary>Picks the engine for a new room (and counts it there until the next poll); null when none is healthy.</summary>
    public MediaEngineNode? Place()
    {
        var engine = MediaEnginePlacement.Choose(engines);
        engine?.AddPending();
        return engine;
    }

    /// <summary>Waits until some engine is healthy (startup, tests); false on timeout.</summary>
    public async Task<bool> WaitHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!engines.Any(e => e.Healthy))
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start) >= timeout)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        return true;
    }

    /// <summary>A deadline for one engine call (gRPC deadlines are UTC <see cref="DateTime"/>s).</summary>
    public DateTime Deadline() => DateTime.UtcNow + options.RequestTimeout;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lock (gate)
        {
            stopping = stoppingToken;
            running = true;
            foreach (var engine in engines)
            {
                Start(engine);
            }
        }

        await (directory is null ? Task.CompletedTask : DiscoverAsync(directory, stoppingToken));
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(engines.Select(e => e.Loop ?? Task.CompletedTask));
    }

    private static string IdOf(Uri address) => address.ToString().TrimEnd('/');

    /// <summary>Runs the engine's connection loop until the app stops or the engine is removed (under <see cref="gate"/>).</summary>
    private void Start(MediaEngineNode engine)
    {
        engine.Removal = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var token = engine.Removal.Token;
        engine.Loop = Task.Run(() => RunEngineAsync(engine, token), CancellationToken.None);
    }

    private async Task RunEngineAsync(MediaEngineNode engine, CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            string reason;
            try
            {
                var info = await engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest(), deadline: Deadline(), cancellationToken: stoppingToken);
                attempt = 0;
                reason = await RunSessionAsync(engine, info, stoppingToken);
            }
            catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
            {
                reason = Describe(ex);
            }
            catch (Exception ex) when (stoppingToken.IsCancellationRequested && ex is OperationCanceledException or RpcException)
            {
                return;
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var delay = MediaBackoff.Delay(attempt, options.ReconnectInitial, options.ReconnectMax);
            MediaLog.Unreachable(logger, engine.Id, attempt, reason, delay);
            attempt++;
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One connected period: events streamed to the listeners while the load is polled; returns why it ended.</summary>
    private async Task<string> RunSessionAsync(MediaEngineNode engine, V1.EngineInfo info, CancellationToken stoppingToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var stream = engine.Client.StreamEvents(new V1.StreamEventsRequest(), cancellationToken: session.Token);
        Update(engine, info);
        engine.Generation++;
        engine.Healthy = true;
        MediaLog.Connected(logger, engine.Id, info.Version);
        var pollFailure = new StrongBox<string?>(null);
        var poll = PollAsync(engine, pollFailure, session);
        string reason;
        try
        {
            while (await stream.ResponseStream.MoveNext(session.Token))
            {
                await NotifyEventAsync(engine, stream.ResponseStream.Current);
            }

            reason = "event stream ended";
        }
        catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
        {
            reason = pollFailure.Value ?? Describe(ex);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            reason = pollFailure.Value ?? "event stream cancelled";
        }
        finally
        {
            await session.CancelAsync();
            await poll;
            engine.Healthy = false;
        }

        await NotifyLostAsync(engine, reason);
        return reason;
    }

    private async Task NotifyLostAsync(MediaEngineNode engine, string reason)
    {
        MediaLog.Lost(logger, engine.Id, reason);
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnEngineLostAsync(engine, reason);
            }
            catch (Exception ex)
            {
                MediaLog.ListenerFailed(logger, ex, engine.Id);
            }
        }
    }

    private async Task PollAsync(MediaEngineNode engine, StrongBox<string?> failure, CancellationTokenSource session)
    {
        try
        {
            while (!session.IsCancellationRequested)
            {
                await Task.Delay(options.PollInterval, time, session.Token);
                var info = await engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest(), deadline: Deadline(), cancellationToken: session.Token);
                Update(engine, info);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException ex) when (!session.IsCancellationRequested)
        {
            failure.Value = "load poll failed: " + Describe(ex);
            await session.CancelAsync();
        }
        catch (RpcException)
        {
        }
    }

    private async Task NotifyEventAsync(MediaEngineNode engine, V1.EngineEvent engineEvent)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnEngineEventAsync(engine, engineEvent);
            }
            catch (Exception ex)
            {
                MediaLog.ListenerFailed(logger, ex, engine.Id);
            }
        }
    }

    private static void Update(MediaEngineNode engine, V1.EngineInfo info)
    {
        engine.Load = new MediaEngineLoad(info.Transports, info.Routers, info.Producers, info.Consumers, info.CpuLoad);
        engine.Version = info.Version;
        engine.ResetPending();
    }

    private static string Describe(RpcException ex) =>
        string.IsNullOrEmpty(ex.Status.Detail) ? ex.StatusCode.ToString() : $"{ex.StatusCode}: {ex.Status.Detail}";

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; set; } = value;
    }
}
