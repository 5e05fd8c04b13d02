using Microsoft.Extensions.Logging.Abstractions;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Storage.Redis;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Media;

/// <summary>
/// The AOT engine registering itself with a real redis-server (`--register-redis`), and the control plane finding
/// it there: listed while it heartbeats, gone at once on a clean stop, expired after a crash.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class MediaEngineRegistrationTests
{
    private RedisServer redis = null!;
    private RedisConnection connection = null!;

    [SetUp]
    public async Task StartAsync()
    {
        redis = await RedisServer.StartAsync();
        connection = new RedisConnection(new RedisOptions { Host = "127.0.0.1", Port = redis.Port, KeyPrefix = "t:" }, NullLogger<RedisConnection>.Instance);
        await connection.InitializeAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await connection.DisposeAsync();
        await redis.DisposeAsync();
    }

    private Task<MediaEngineProcess> StartEngineAsync() => MediaEngineProcess.StartAsync(
        "--register-redis", $"127.0.0.1:{redis.Port}", "--register-key-prefix", "t:", "--register-interval", "0.5");

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await condition())
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds > seconds)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(50);
        }
    }

    [Test]
    public async Task RegisteredEngine_IsListedWithItsLoad_AndLeavesAtOnceOnACleanStop()
    {
        var directory = new RedisMediaEngineDirectory(connection);
        await using var engine = await StartEngineAsync();
        await WaitUntilAsync(async () => (await directory.ListAsync(CancellationToken.None)).Any(u => u.ToString().TrimEnd('/') == engine.Address), "the engine's registration", 10);

        var entry = (string?)await connection.Database.StringGetAsync("t:media:engine:" + engine.Address);
        using (var json = System.Text.Json.JsonDocument.Parse(entry!))
        {
            Assert.That(json.RootElement.GetProperty("url").GetString(), Is.EqualTo(engine.Address));
            Assert.That(json.RootElement.GetProperty("transports").GetInt32(), Is.Zero);
            Assert.That(json.RootElement.TryGetProperty("cpuLoad", out _), Is.True);
        }

        var ttl = await connection.Database.KeyTimeToLiveAsync("t:media:engine:" + engine.Address);
        Assert.That(ttl, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromSeconds(1.5)), "three heartbeats of 0.5 s");

        await engine.StopAsync();
        Assert.That(await directory.ListAsync(CancellationToken.None), Is.Empty, "a stopping engine removes its entry");
        Assert.That(await connection.Database.SetLengthAsync("t:media:engines"), Is.Zero);
    }

    [Test]
    public async Task KilledEngine_ExpiresAfterThreeMissedHeartbeats()
    {
        var directory = new RedisMediaEngineDirectory(connection);
        await using var engine = await StartEngineAsync();
        await WaitUntilAsync(async () => (await directory.ListAsync(CancellationToken.None)).Count == 1, "the engine's registration", 10);
        engine.Kill();
        var killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        await WaitUntilAsync(async () => (await directory.ListAsync(CancellationToken.None)).Count == 0, "the entry to expire", 5);
        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(killedAt), Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(await connection.Database.SetLengthAsync("t:media:engines"), Is.Zero, "the dead name left the set");
    }

    /// <summary>
    /// A control plane with no MEDIA_ENGINES (`none`) finds the engine through Redis, places rooms on it, and
    /// forgets it after it stops — telling its listeners the engine was lost.
    /// </summary>
    [Test]
    public async Task Registry_WithNoConfiguredEngines_FindsTheRegisteredOne_AndForgetsItAfterItStops()
    {
        await using var engine = await StartEngineAsync();
        var registry = new MediaEngineRegistry(
            new MediaOptions { Engines = [], PollInterval = TimeSpan.FromMilliseconds(200) },
            new GrpcMediaEngineClientFactory(new MediaOptions()),
            NullLogger<MediaEngineRegistry>.Instance,
            new RedisMediaEngineDirectory(connection));
        var lost = new LostListener();
        registry.AddListener(lost);
        await registry.StartAsync(CancellationToken.None);
        try
        {
            Assert.That(await registry.WaitHealthyAsync(TimeSpan.FromSeconds(10)), Is.True, "registered engine connected");
            Assert.That(registry.Place()?.Id, Is.EqualTo(engine.Address));

            await engine.StopAsync();
            await WaitUntilAsync(() => Task.FromResult(registry.Engines.Count == 0), "the stopped engine to be forgotten", 10);
            Assert.That(lost.Engines, Is.EqualTo(new[] { engine.Address }));
            Assert.That(registry.Place(), Is.Null);
        }
        finally
        {
            await registry.StopAsync(CancellationToken.None);
        }
    }

    private sealed class LostListener : IMediaEngineListener
    {
        public List<string> Engines { get; } = [];

        public Task OnEngineEventAsync(MediaEngineNode engine, Voip.Media.Control.V1.EngineEvent engineEvent) => Task.CompletedTask;

        public Task OnEngineLostAsync(MediaEngineNode engine, string reason)
        {
            lock (Engines)
            {
                Engines.Add(engine.Id);
            }

            return Task.CompletedTask;
        }
    }
}
