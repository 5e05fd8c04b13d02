using System.Text.Json;
using Microsoft.Playwright;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Rooms;
using Voip.ControlPlane.Tests.Media;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>
/// Three headless Chromium pages in one room through the control plane and the real AOT engine: each
/// decodes the other two (tracks grouped by the publisher's user id), a mute reaches the others, a leave
/// renegotiates the rest, and the session lands in history with quality from the engine's stats.
/// </summary>
[Category("Interop")]
public sealed class RoomBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Test]
    public async Task Three_browsers_see_and_hear_each_other_through_the_engine()
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Ignore($"{ChromiumPath} is missing: apt-get install -y chromium (make test does it)");
        }

        await using var engine = await MediaEngineProcess.StartAsync();
        // The page is served by the control plane itself; its origin must be allowed to open the socket.
        var port = FreePort();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CORS_ORIGINS"] = $"http://127.0.0.1:{port}",
            ["MEDIA_ENGINES"] = engine.Address,
            ["ROOM_STATS_INTERVAL"] = "1s",
        });
        var registry = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<MediaEngineRegistry>(app.Services);
        var engineEvents = new EngineEventCounter();
        registry.AddListener(engineEvents);
        Assert.That(await registry.WaitHealthyAsync(TimeSpan.FromSeconds(10)), Is.True);
        var users = new[] { await app.RegisterAsync("Ann"), await app.RegisterAsync("Ben"), await app.RegisterAsync("Cat") };
        var roomId = (await TestApp.ReadJsonAsync(await app.PostAsync("/api/rooms", new { name = "trio" }, users[0].Token))).GetProperty("roomId").GetString()!;

        var profile = Directory.CreateTempSubdirectory("voip-cp-chromium-").FullName;
        var tone = Path.Combine(profile, "tone.wav");
        ToneWav.Write(tone);
        using var playwright = await Playwright.CreateAsync();
        await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
                "--use-file-for-fake-audio-capture=" + tone,
            ],
            Env = new Dictionary<string, string> { ["HOME"] = profile, ["XDG_CONFIG_HOME"] = profile, ["XDG_CACHE_HOME"] = profile },
        });
        try
        {
            var pages = new List<IPage>();
            foreach (var user in users)
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync(new Uri(app.Client.BaseAddress!, "/healthz").ToString());
                await page.EvaluateAsync(RoomBrowserPage.Script);
                await page.EvaluateAsync("([t, r]) => room.start(t, r)", new object[] { user.Token, roomId });
                pages.Add(page);
            }

            // Everyone decodes video and receives audio from both others, each grouped under its publisher's user id.
            for (var i = 0; i < pages.Count; i++)
            {
                var others = users.Where((_, j) => j != i).Select(u => u.UserId).ToArray();
                var stats = await WaitStatsAsync(pages[i], s => others.All(o => s.TryGetProperty(o, out var u) && u.GetProperty("frames").GetInt32() > 5 && u.GetProperty("audioPackets").GetInt32() > 10));
                Assert.That(others.All(o => stats.TryGetProperty(o, out _)), Is.True, $"page {i}: {stats}");
                Assert.That(stats.TryGetProperty(users[i].UserId, out _), Is.False, "nobody receives their own tracks");
            }

            // Everyone's microphone plays a steady tone: the engine's audio levels (RFC 6464) name a speaker, and every page hears who.
            var everyone = string.Join(",", users.Select(u => $"'{u.UserId}'"));
            foreach (var page in pages)
            {
                try
                {
                    await WaitEventAsync(page, "room-active-speaker", $"e.d.roomId === '{roomId}' && [{everyone}].includes(e.d.userId)");
                }
                catch (TimeoutException)
                {
                    Assert.Fail($"no room-active-speaker naming a member; engine events seen: {engineEvents.Summary()}; page events: {await page.EvaluateAsync<string>("() => JSON.stringify(room.events.map(e => e.ev))")}");
                }
            }

            // Ann mutes: the others are told.
            await pages[0].EvaluateAsync("r => room.req('toggle-audio', { roomId: r, enabled: false })", roomId);
            foreach (var page in pages.Skip(1))
            {
                await WaitEventAsync(page, "room-media-state", $"e.d.userId === '{users[0].UserId}' && e.d.audioEnabled === false");
            }

            // Cat leaves: Ann and Ben hear it, are renegotiated, and keep decoding each other.
            await pages[2].EvaluateAsync("r => room.leave(r)", roomId);
            foreach (var page in pages.Take(2))
            {
                await WaitEventAsync(page, "room-participant-left", $"e.d.userId === '{users[2].UserId}'");
            }

            var before = (await WaitStatsAsync(pages[0], s => s.TryGetProperty(users[1].UserId, out _))).GetProperty(users[1].UserId).GetProperty("frames").GetInt32();
            await WaitStatsAsync(pages[0], s => !s.TryGetProperty(users[2].UserId, out _) && s.GetProperty(users[1].UserId).GetProperty("frames").GetInt32() > before + 5);
            await Task.Delay(1500); // one more stats round for the quality record
            foreach (var page in pages)
            {
                var failures = await page.EvaluateAsync<int>("() => room.events.filter(e => e.ev === 'offer-failed' || e.ev === 'room-error').length");
                Assert.That(failures, Is.Zero, await page.EvaluateAsync<string>("() => JSON.stringify(room.events)"));
            }

            // (An offer that races a leave may be answered after it and be refused; that is why this is checked first.)
            foreach (var page in pages.Take(2))
            {
                await page.EvaluateAsync("r => room.leave(r)", roomId);
            }

            var history = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/history", users[2].Token));
            var callId = history.GetProperty("calls")[0].GetProperty("callId").GetString()!;
            var detail = await TestApp.ReadJsonAsync(await app.GetAsync("/api/calls/" + callId, users[1].Token));
            Assert.That(detail.GetProperty("status").GetString(), Is.EqualTo("completed"), detail.ToString());
            Assert.That(detail.GetProperty("participants").GetArrayLength(), Is.EqualTo(3));
            var quality = detail.GetProperty("quality");
            Assert.That(quality.GetProperty("avgVideoQuality").GetDouble(), Is.InRange(1.0, 5.0), detail.ToString());
            Assert.That(quality.GetProperty("avgAudioQuality").GetDouble(), Is.InRange(1.0, 5.0), detail.ToString());
        }
        finally
        {
            await context.CloseAsync();
            Directory.Delete(profile, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<JsonElement> WaitStatsAsync(IPage page, Func<JsonElement, bool> done, double seconds = 30)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var stats = await page.EvaluateAsync<JsonElement>("() => room.stats()");
        while (!done(stats))
        {
            if (System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds > seconds)
            {
                Assert.Fail($"stats never got there: {stats}; events: {await page.EvaluateAsync<string>("() => JSON.stringify(room.events)")}");
            }

            await Task.Delay(300);
            stats = await page.EvaluateAsync<JsonElement>("() => room.stats()");
        }

        return stats;
    }

    private static async Task WaitEventAsync(IPage page, string eventName, string condition) =>
        await page.WaitForFunctionAsync($"() => room.events.some(e => e.ev === '{eventName}' && ({condition}))", null, new PageWaitForFunctionOptions { Timeout = 10000 });

    /// <summary>What the engine streamed, by kind: says which side to look at when a room event never comes.</summary>
    private sealed class EngineEventCounter : IMediaEngineListener
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> counts = new();

        public Task OnEngineEventAsync(MediaEngineNode engine, Voip.Media.Control.V1.EngineEvent engineEvent)
        {
            var kind = engineEvent.EventCase == Voip.Media.Control.V1.EngineEvent.EventOneofCase.ActiveSpeaker
                ? $"ActiveSpeaker({(engineEvent.ActiveSpeaker.ProducerId.Length > 0 ? "producer" : "silence")})"
                : engineEvent.EventCase.ToString();
            counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }

        public Task OnEngineLostAsync(MediaEngineNode engine, string reason) => Task.CompletedTask;

        public string Summary() => string.Join(", ", counts.Select(c => $"{c.Key}×{c.Value}"));
    }
}
