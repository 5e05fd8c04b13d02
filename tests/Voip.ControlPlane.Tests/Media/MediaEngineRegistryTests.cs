using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Voip.ControlPlane.Hosting;
using Voip.ControlPlane.Media;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Tests.Media;

public sealed class MediaEngineRegistryTests
{
    private sealed class Factory(Dictionary<string, FakeEngineClient> engines) : IMediaEngineClientFactory
    {
        public V1.MediaEngine.MediaEngineClient Create(Uri address) => engines[address.ToString().TrimEnd('/')];
    }

    private sealed class Listener : IMediaEngineListener
    {
        public List<(string Engine, string Reason)> Lost { get; } = [];

        public List<V1.EngineEvent> Events { get; } = [];

        public Task OnEngineEventAsync(MediaEngineNode engine, V1.EngineEvent engineEvent)
        {
            lock (Events)
            {
                Events.Add(engineEvent);
            }

            return Task.CompletedTask;
        }

        public Task OnEngineLostAsync(MediaEngineNode engine, string reason)
        {
            lock (Lost)
            {
                Lost.Add((engine.Id, reason));
            }

            return Task.CompletedTask;
        }
    }

    private static MediaEngineRegistry Registry(Dictionary<string, FakeEngineClient> engines, TimeSpan? poll = null) => new(
        new MediaOptions
        {
            Engines = [.. engines.Keys.Select(k => new Uri(k))],
            PollInterval = poll ?? TimeSpan.FromMilliseconds(50),
            ReconnectInitial = TimeSpan.FromMilliseconds(20),
            ReconnectMax = TimeSpan.FromMilliseconds(200),
        },
        new Factory(engines),
        NullLogger<MediaEngineRegistry>.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 5)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds > seconds)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(10);
        }
    }

    [Test]
    public async Task Engines_connect_report_load_and_events_reach_listeners()
    {
        var a = new FakeEngineClient { Info = new V1.EngineInfo { Version = "a", Transports = 8, Routers = 2 } };
        var b = new FakeEngineClient { Info = new V1.EngineInfo { Version = "b", Transports = 1 } };
        var registry = Registry(new() { ["http://127.0.0.1:1"] = a, ["http://127.0.0.1:2"] = b });
        var listener = new Listener();
        registry.AddListener(listener);
        await registry.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => registry.Engines.All(e => e.Healthy), "both engines healthy");
            Assert.That(registry.Engines[0].Load.Transports, Is.EqualTo(8));
            Assert.That(registry.Place()!.Id, Is.EqualTo("http://127.0.0.1:2"), "the less loaded engine");

            a.Publish(new V1.EngineEvent { ActiveSpeaker = new V1.ActiveSpeakerEvent { RouterId = "r1", ProducerId = "p1" } });
            await WaitUntilAsync(() => { lock (listener.Events) { return listener.Events.Count == 1; } }, "the event");
            Assert.That(listener.Events[0].ActiveSpeaker.ProducerId, Is.EqualTo("p1"));

            // Load polls keep the numbers fresh.
            b.Info = new V1.EngineInfo { Version = "b", Transports = 50 };
            await WaitUntilAsync(() => registry.Engines[1].Load.Transports == 50, "the polled load");
            Assert.That(registry.Place()!.Id, Is.EqualTo("http://127.0.0.1:1"));
        }
        finally
        {
            await registry.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Broken_stream_loses_the_engine_then_it_reconnects_with_a_new_generation()
    {
        var a = new FakeEngineClient();
        var registry = Registry(new() { ["http://127.0.0.1:1"] = a }, poll: TimeSpan.FromSeconds(30));
        var listener = new Listener();
        registry.AddListener(listener);
        await registry.StartAsync(CancellationToken.None);
        try
        {
            var engine = registry.Engines[0];
            await WaitUntilAsync(() => engine.Healthy, "engine healthy");
            Assert.That(engine.Generation, Is.EqualTo(1));

            a.Kill();
            await WaitUntilAsync(() => { lock (listener.Lost) { return listener.Lost.Count == 1; } }, "engine lost");
            Assert.That(engine.Healthy, Is.False);
            Assert.That(listener.Lost[0].Reason, Does.Contain("Unavailable"));
            Assert.That(registry.Place(), Is.Null, "nothing to place rooms on");

            // Several failed attempts (backoff), then the engine is back.
            await WaitUntilAsync(() => a.StreamsOpened == 1 && !engine.Healthy, "still down");
            await Task.Delay(150);
            a.Down = false;
            await WaitUntilAsync(() => engine.Healthy, "engine back");
            Assert.That(engine.Generation, Is.EqualTo(2));
            Assert.That(a.StreamsOpened, Is.EqualTo(2));
            Assert.That(listener.Lost, Has.Count.EqualTo(1), "one loss, however many failed attempts");
        }
        finally
        {
            await registry.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public async Task Failed_load_poll_loses_the_engine_even_with_a_silent_stream()
    {
        var a = new FakeEngineClient();
        var registry = Registry(new() { ["http://127.0.0.1:1"] = a });
        var listener = new Listener();
        registry.AddListener(listener);
        await registry.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => registry.Engines[0].Healthy, "engine healthy");

            a.Down = true; // info fails; the stream stays open (a hung engine)
            await WaitUntilAsync(() => { lock (listener.Lost) { return listener.Lost.Count == 1; } }, "engine lost");
            Assert.That(listener.Lost[0].Reason, Does.StartWith("load poll failed"));
        }
        finally
        {
            await registry.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public void Options_read_the_engine_list_and_refuse_bad_urls()
    {
        static MediaOptions Read(Dictionary<string, string?> values) =>
            MediaOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

        Assert.That(Read([]).Engines.Select(u => u.ToString()), Is.EqualTo(new[] { "http://127.0.0.1:3005/" }));
        var two = Read(new() { ["MEDIA_ENGINES"] = " http://10.0.0.1:3005 ,http://10.0.0.2:3005", ["MEDIA_ENGINE_TOKEN"] = "s3cret" });
        Assert.That(two.Engines, Has.Count.EqualTo(2));
        Assert.That(two.Token, Is.EqualTo("s3cret"));
        var ex = Assert.Throws<StartupValidationException>(() => Read(new() { ["MEDIA_ENGINES"] = "127.0.0.1:3005" }))!;
        Assert.That(ex.Message, Does.Contain("MEDIA_ENGINES"));
    }

    private sealed class Directory : IMediaEngineDirectory
    {
        public volatile Uri[] Registered = [];

        public Task<IReadOnlyList<Uri>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Uri>>(Registered);
    }

    /// <summary>
    /// A registered engine joins; once its registration lapses it takes no new rooms but keeps its calls while it
    /// is reachable, and is forgotten only when it is also gone.
    /// </summary>
    [Test]
    public async Task Registered_engines_join_lapsed_ones_take_no_rooms_and_leave_once_unreachable()
    {
        var fixedEngine = new FakeEngineClient { Info = new V1.EngineInfo { Transports = 50 } };
        var registered = new FakeEngineClient { Info = new V1.EngineInfo { Transports = 1 } };
        var directory = new Directory();
        var registry = new MediaEngineRegistry(
            new MediaOptions
            {
                Engines = [new Uri("http://127.0.0.1:1")],
                PollInterval = TimeSpan.FromMilliseconds(50),
                ReconnectInitial = TimeSpan.FromMilliseconds(20),
                ReconnectMax = TimeSpan.FromMilliseconds(200),
            },
            new Factory(new() { ["http://127.0.0.1:1"] = fixedEngine, ["http://10.0.0.9:3005"] = registered }),
            NullLogger<MediaEngineRegistry>.Instance,
            directory);
        var listener = new Listener();
        registry.AddListener(listener);
        await registry.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(() => registry.Engines.Count == 1 && registry.Engines[0].Healthy, "the configured engine");
            directory.Registered = [new Uri("http://10.0.0.9:3005")];
            await WaitUntilAsync(() => registry.Engines.Count == 2 && registry.Engines.All(e => e.Healthy), "the registered engine to join");
            Assert.That(registry.Engines[1].Discovered, Is.True);
            Assert.That(registry.Place()?.Id, Is.EqualTo("http://10.0.0.9:3005"), "least loaded");

            directory.Registered = [];
            await WaitUntilAsync(() => !registry.Engines[1].Registered, "the registration to lapse");
            Assert.That(registry.Engines, Has.Count.EqualTo(2), "still reachable: kept for the calls on it");
            Assert.That(registry.Place()?.Id, Is.EqualTo("http://127.0.0.1:1"), "a lapsed engine takes no new rooms");

            registered.Kill();
            await WaitUntilAsync(() => registry.Engines.Count == 1, "the lapsed, unreachable engine to be forgotten");
            Assert.That(listener.Lost.Select(l => l.Engine), Is.EqualTo(new[] { "http://10.0.0.9:3005" }));
            Assert.That(fixedEngine.Down, Is.False);
        }
        finally
        {
            await registry.StopAsync(CancellationToken.None);
        }
    }

    [Test]
    public void Media_engines_none_means_registered_engines_only()
    {
        var options = MediaOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["MEDIA_ENGINES"] = "none" }).Build());
        Assert.That(options.Engines, Is.Empty);
    }
}
