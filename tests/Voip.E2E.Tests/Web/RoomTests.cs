using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Voip.E2E.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Voip.E2E.Tests.Web;

/// <summary>
/// Group rooms through the AOT engine, driven only through the web client against the product as `make run`
/// starts it: three users in one room (everyone decodes everyone else, mute shown to the others, a leave
/// updates the others' grids, the room call in history with quality scores), and the engine killed mid-room
/// (the browsers show the loss within 5 s and the call is <c>failed</c>). Each test starts its own product:
/// the second one kills its engine. Every step leaves a screenshot as a test attachment.
/// </summary>
[TestFixture]
[Category("E2E")]
[NonParallelizable]
public sealed class RoomTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);
    private static readonly LocatorAssertionsToHaveAttributeOptions JoinTimeout = new() { Timeout = 60_000 };
    private ProductServer? server;
    private Chromium chromium = null!;
    private readonly List<WebUser> users = [];

    [OneTimeSetUp]
    public async Task LaunchAsync() => chromium = await Chromium.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }
    }

    [SetUp]
    public async Task StartAsync()
    {
        users.Clear();
        // Engine stats every 2 s (default 5 s), so even a short stay in the room has quality samples.
        server = await ProductServer.StartAsync(new Dictionary<string, string> { ["ROOM_STATS_INTERVAL"] = "2s" });
    }

    [TearDown]
    public async Task StopAsync()
    {
        var status = TestContext.CurrentContext.Result.Outcome.Status;
        if (status == NUnit.Framework.Interfaces.TestStatus.Failed && server is not null)
        {
            TestContext.Out.WriteLine(server.LogText);
        }

        foreach (var user in users)
        {
            await user.CloseAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
            server = null;
        }

        if (status == NUnit.Framework.Interfaces.TestStatus.Passed)
        {
            Assert.Multiple(() =>
            {
                foreach (var user in users)
                {
                    user.AssertNoErrors();
                }
            });
        }
    }

    private ProductServer Server => server ?? throw new InvalidOperationException("no product started");

    private async Task<WebUser[]> SignUpAsync(params string[] firstNames)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var result = new WebUser[firstNames.Length];
        for (var i = 0; i < firstNames.Length; i++)
        {
            result[i] = await WebUser.SignUpAsync(chromium, Server, $"{firstNames[i]} {tag}");
            users.Add(result[i]);
        }

        return result;
    }

    [Test]
    public async Task ThreeUsersInARoom_EachDecodesTheOthers_MuteAndLeaveReachTheOthers_HistoryHasQuality()
    {
        var shots = new Screenshots();
        var u = await SignUpAsync("Ada", "Ben", "Cleo");
        var (a, b, c) = (u[0], u[1], u[2]);

        // A starts a room from the Rooms page and lands on its shareable link.
        var link = await CreateRoomAsync(a, "Stand-up");
        await shots.TakeAsync(a.Page, "a-created-room");

        // B opens the link; C pastes it into "Join a room".
        await b.Page.GotoAsync(link);
        await Expect(b.Page.Locator("#room")).ToHaveAttributeAsync("data-state", "active", JoinTimeout);
        await c.Page.GetByRole(AriaRole.Link, new() { Name = "Rooms" }).ClickAsync();
        await c.Page.GetByLabel("Room link or ID").FillAsync(link);
        await c.Page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await Expect(c.Page.Locator("#room")).ToHaveAttributeAsync("data-state", "active", JoinTimeout);
        Assert.That(c.Page.Url, Is.EqualTo(link), "joining by the pasted link opens the room's own URL");

        // Everyone decodes the other two (video frames and audio packets per publishing user).
        WebUser[] everyone = [a, b, c];
        foreach (var user in everyone)
        {
            await WaitForRoomMediaAsync(user, everyone.Where(u => u != user).ToArray());
        }

        foreach (var user in everyone)
        {
            var grid = user.Page.Locator("#room-grid > li.tile");
            await Expect(grid).ToHaveCountAsync(3);
            foreach (var other in everyone.Where(u => u != user))
            {
                await Expect(Tile(user, other).Locator(".tile-name")).ToHaveTextAsync(other.Name);
            }

            await Expect(user.Page.Locator("#room-grid > li.tile[data-self='true'] .tile-name")).ToHaveTextAsync($"{user.Name} (you)");
        }

        // The live quality indicator reads getStats() of both connections: an RTT and a bitrate.
        await Expect(a.Page.Locator("#room-quality-text")).ToContainTextAsync("RTT", new() { Timeout = 15_000 });
        await Expect(a.Page.Locator("#room-quality")).Not.ToHaveAttributeAsync("data-level", "unknown", new() { Timeout = 15_000 });
        await Expect(a.Page.Locator("#room-quality-text")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"loss \d+\.\d% · [1-9][\d.]* (kbps|Mbps)"), new() { Timeout = 15_000 });
        foreach (var user in everyone)
        {
            await shots.TakeAsync(user.Page, $"{First(user)}-three-in-room");
        }

        // The participant list (keyboard: the People button toggles it).
        await b.Page.Locator("#room-people-toggle").FocusAsync();
        await b.Page.Keyboard.PressAsync("Enter");
        await Expect(b.Page.Locator("#room-people")).ToBeVisibleAsync();
        await Expect(b.Page.Locator("#room-people-toggle")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(b.Page.Locator("#room-people-list > li")).ToHaveCountAsync(3);

        // A mutes: B's and C's tiles of A show it (room-media-state); A unmutes: the badge goes away.
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
        await Expect(a.Page.Locator("#room-toggle-audio")).ToHaveAttributeAsync("aria-pressed", "true");
        foreach (var other in new[] { b, c })
        {
            await Expect(Tile(other, a).Locator(".tile-muted")).ToBeVisibleAsync();
            await Expect(Tile(other, a)).ToHaveAttributeAsync("data-audio", "false");
        }

        await Expect(b.Page.Locator($"#room-people-list > li[data-user-id='{a.UserId}'] .people-state")).ToHaveTextAsync("Muted");
        await shots.TakeAsync(b.Page, "b-sees-a-muted");
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Unmute" }).ClickAsync();
        await Expect(Tile(c, a).Locator(".tile-muted")).ToBeHiddenAsync();

        // B turns the camera off: A sees the badge and the initials instead of video.
        await b.Page.GetByRole(AriaRole.Button, new() { Name = "Camera off" }).ClickAsync();
        await Expect(Tile(a, b).Locator(".tile-camera-off")).ToBeVisibleAsync();
        await Expect(Tile(a, b).Locator(".tile-placeholder")).ToBeVisibleAsync();
        await shots.TakeAsync(a.Page, "a-sees-b-camera-off");
        await b.Page.GetByRole(AriaRole.Button, new() { Name = "Camera on" }).ClickAsync();
        await Expect(Tile(a, b).Locator(".tile-camera-off")).ToBeHiddenAsync();

        // C leaves: C is back on the Rooms page; A's and B's grids drop C's tile.
        await c.Page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Expect(c.Page.Locator("#room")).ToBeHiddenAsync();
        await Expect(c.Page).ToHaveURLAsync(new Uri(Server.BaseAddress, "rooms").ToString());
        foreach (var user in new[] { a, b })
        {
            await Expect(Tile(user, c)).ToHaveCountAsync(0);
            await Expect(user.Page.Locator("#room-grid > li.tile")).ToHaveCountAsync(2);
            await Expect(user.Page.Locator("#room-grid")).ToHaveAttributeAsync("data-count", "2");
        }

        await Expect(b.Page.Locator("#room-people-list > li")).ToHaveCountAsync(2);
        await shots.TakeAsync(a.Page, "a-after-c-left");

        // The two left still receive each other after the renegotiation that removed C.
        var before = await InboundAsync(a);
        await Task.Delay(1500);
        var after = await InboundAsync(a);
        Assert.That(after.GetValueOrDefault(b.UserId).Frames, Is.GreaterThan(before.GetValueOrDefault(b.UserId).Frames), "A keeps decoding B after C left");

        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await b.Page.GetByRole(AriaRole.Button, new() { Name = "Leave" }).ClickAsync();
        await Expect(a.Page.Locator("#room")).ToBeHiddenAsync();
        await Expect(b.Page.Locator("#room")).ToBeHiddenAsync();

        // The room call is in everyone's history, completed, with per-call quality scores from the engine's stats.
        string? callId = null;
        foreach (var user in everyone)
        {
            var call = await RoomCallAsync(user, "completed");
            callId ??= call.GetProperty("callId").GetString();
            Assert.That(call.GetProperty("callId").GetString(), Is.EqualTo(callId), "one room call shared by its participants");
            var detail = await Server.GetJsonAsync($"api/calls/{callId}", await user.TokenAsync());
            var quality = detail.GetProperty("quality");
            Assert.That(quality.GetProperty("avgAudioQuality").ValueKind, Is.EqualTo(JsonValueKind.Number), $"{user.Name}: audio quality score");
            Assert.That(quality.GetProperty("avgAudioQuality").GetDouble(), Is.InRange(1.0, 5.0));
            Assert.That(quality.GetProperty("avgVideoQuality").ValueKind, Is.EqualTo(JsonValueKind.Number), $"{user.Name}: video quality score");
            Assert.That(quality.GetProperty("avgVideoQuality").GetDouble(), Is.InRange(1.0, 5.0));
            Assert.That(quality.GetProperty("connectionIssues").GetInt32(), Is.GreaterThanOrEqualTo(0));

            // Each participant's own times and quality.
            var participants = detail.GetProperty("participants").EnumerateArray().ToArray();
            Assert.That(participants.Select(p => p.GetProperty("user").GetProperty("id").GetString()), Is.EquivalentTo(everyone.Select(x => x.UserId)));
            foreach (var p in participants)
            {
                var q = p.GetProperty("quality");
                Assert.That(q.GetProperty("avgAudioQuality").ValueKind, Is.EqualTo(JsonValueKind.Number), $"per-participant audio score of {p.GetProperty("user").GetProperty("name")}");
                Assert.That(q.GetProperty("avgAudioQuality").GetDouble(), Is.InRange(1.0, 5.0));
            }
        }

        await a.Page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        var item = a.Page.Locator($"li.history-item[data-call-id='{callId}']");
        await Expect(item).ToHaveAttributeAsync("data-status", "completed");
        await item.GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Expect(item.GetByRole(AriaRole.Button, new() { Name = "Details" })).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(item.Locator(".history-details")).ToContainTextAsync("Group room · 3 people");
        await Expect(item.Locator(".call-quality")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Audio [1-5]\.\d · Video [1-5]\.\d \(of 5\) · \d+ connection issues?$"));
        await Expect(item.Locator(".call-participants > li")).ToHaveCountAsync(3);
        await shots.TakeAsync(a.Page, "a-history-room-details");
    }

    [Test]
    public async Task EngineKilledDuringARoomCall_BrowsersShowTheLossWithin5s_CallFailedInHistory()
    {
        var shots = new Screenshots();
        var u = await SignUpAsync("Ada", "Ben");
        var (a, b) = (u[0], u[1]);
        var link = await CreateRoomAsync(a, "Doomed");
        await b.Page.GotoAsync(link);
        await Expect(b.Page.Locator("#room")).ToHaveAttributeAsync("data-state", "active", JoinTimeout);
        await WaitForRoomMediaAsync(a, b);
        await WaitForRoomMediaAsync(b, a);
        await shots.TakeAsync(a.Page, "a-in-room");

        var clock = Stopwatch.StartNew();
        Server.KillEngine();
        var killed = clock.Elapsed;
        foreach (var user in new[] { a, b })
        {
            var left = TimeSpan.FromSeconds(5) - (clock.Elapsed - killed);
            Assert.That(left, Is.GreaterThan(TimeSpan.Zero), $"5 s passed before {user.Name}'s page was checked");
            await Expect(user.Page.Locator("#room")).ToHaveAttributeAsync("data-state", "ended", new() { Timeout = (float)left.TotalMilliseconds });
        }

        var shown = clock.Elapsed - killed;
        TestContext.Out.WriteLine($"both pages showed the loss {shown.TotalMilliseconds:F0} ms after the kill");
        Assert.That(shown, Is.LessThan(TimeSpan.FromSeconds(5)));
        foreach (var user in new[] { a, b })
        {
            await Expect(user.Page.Locator("#room-alert")).ToHaveTextAsync("The media server was lost");
            await Expect(user.Page.Locator("#room-alert")).ToHaveAttributeAsync("data-code", "MEDIA001");
            await Expect(user.Page.Locator("#room-ended-title")).ToHaveTextAsync("The room call failed");
            await Expect(user.Page.Locator("#room-back")).ToBeFocusedAsync();
            await shots.TakeAsync(user.Page, $"{First(user)}-media-server-lost");
        }

        foreach (var user in new[] { a, b })
        {
            await RoomCallAsync(user, "failed");
        }

        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Back to rooms" }).ClickAsync();
        await Expect(a.Page.Locator("#room")).ToBeHiddenAsync();
        await a.Page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Expect(a.Page.Locator("li.history-item").First).ToHaveAttributeAsync("data-status", "failed");
        await shots.TakeAsync(a.Page, "a-history-failed");
    }

    private static string First(WebUser user) => user.Name.Split(' ')[0].ToLowerInvariant();

    private static ILocator Tile(WebUser viewer, WebUser of) =>
        viewer.Page.Locator($"#room-grid > li.tile[data-user-id='{of.UserId}']");

    /// <summary>Rooms page → name → Create room; returns the room's shareable URL once the creator is in.</summary>
    private static async Task<string> CreateRoomAsync(WebUser user, string name)
    {
        await user.Page.GetByRole(AriaRole.Link, new() { Name = "Rooms" }).ClickAsync();
        await user.Page.GetByLabel("Room name").FillAsync(name);
        await user.Page.GetByRole(AriaRole.Button, new() { Name = "Create room" }).ClickAsync();
        await Expect(user.Page.Locator("#room")).ToHaveAttributeAsync("data-state", "active", JoinTimeout);
        await Expect(user.Page.Locator("#room-title")).ToHaveTextAsync(name);
        var roomId = await user.Page.EvaluateAsync<string>("() => window.voip.room.roomId");
        Assert.That(roomId, Is.Not.Empty);
        var link = new Uri(user.Page.Url);
        Assert.That(link.AbsolutePath, Is.EqualTo($"/rooms/{roomId}"), "the room has a shareable URL");
        return link.ToString();
    }

    /// <summary>The subscribing connection's inbound stats per publishing user (window.voip.roomInbound).</summary>
    private static async Task<Dictionary<string, (long Frames, long AudioPackets)>> InboundAsync(WebUser user)
    {
        var json = await user.Page.EvaluateAsync<JsonElement>(
            "async () => Object.entries(await window.voip.roomInbound()).map(([id, s]) => [id, s.framesDecoded, s.audioPackets])");
        var result = new Dictionary<string, (long, long)>();
        foreach (var entry in json.EnumerateArray())
        {
            result[entry[0].GetString()!] = (entry[1].GetInt64(), entry[2].GetInt64());
        }

        return result;
    }

    /// <summary>Polls (every 250 ms) until <paramref name="user"/> decodes video and receives audio from each of <paramref name="from"/>.</summary>
    private static async Task WaitForRoomMediaAsync(WebUser user, params WebUser[] from)
    {
        var clock = Stopwatch.StartNew();
        var last = new Dictionary<string, (long Frames, long AudioPackets)>();
        while (clock.Elapsed < MediaTimeout)
        {
            last = await InboundAsync(user);
            if (from.All(o => last.TryGetValue(o.UserId, out var m) && m.Frames > 0 && m.AudioPackets > 0))
            {
                TestContext.Out.WriteLine($"{user.Name} receives {string.Join(", ", from.Select(o => $"{o.Name}: {last[o.UserId].Frames} frames"))} after {clock.Elapsed.TotalSeconds:F1} s");
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{user.Name} did not decode everyone within {MediaTimeout.TotalSeconds} s: " +
            string.Join(", ", from.Select(o => last.TryGetValue(o.UserId, out var m) ? $"{o.Name} frames={m.Frames} audio={m.AudioPackets}" : $"{o.Name}: nothing")));
    }

    /// <summary>
    /// The user's only call from GET /api/calls/history, waited for (bounded): the room call is written when the
    /// room session ends, a moment after the last one leaves (or the engine is lost).
    /// </summary>
    private async Task<JsonElement> RoomCallAsync(WebUser user, string status)
    {
        var token = await user.TokenAsync();
        var clock = Stopwatch.StartNew();
        string seen = "no call";
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            var history = await Server.GetJsonAsync("api/calls/history?limit=5", token);
            var calls = history.GetProperty("calls");
            Assert.That(calls.GetArrayLength(), Is.LessThanOrEqualTo(1), $"{user.Name} has one call at most (the room)");
            if (calls.GetArrayLength() == 1)
            {
                var call = calls[0];
                seen = $"'{call.GetProperty("status").GetString()}'";
                if (call.GetProperty("status").GetString() == status)
                {
                    return call;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{user.Name}'s room call: {seen}, expected '{status}'");
        return default;
    }
}
