using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Voip.E2E.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Voip.E2E.Tests.Web;

/// <summary>
/// 1:1 peer-to-peer calls through the web client against the product as `make run` starts it (AOT engine +
/// control plane processes), with two users in two isolated Chromium contexts: a completed call, a declined
/// call and a missed call (short CALL_RING_TIMEOUT). Every step leaves a screenshot as a test attachment.
/// </summary>
[TestFixture]
[Category("E2E")]
[NonParallelizable]
public sealed class PeerCallTests
{
    /// <summary>Long enough for a loaded machine to accept (getUserMedia + answer), short enough for the missed test.</summary>
    private const int RingTimeoutSeconds = 12;

    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(45);
    private ProductServer server = null!;
    private Chromium chromium = null!;
    private readonly List<WebUser> users = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        server = await ProductServer.StartAsync(new Dictionary<string, string> { ["CALL_RING_TIMEOUT"] = $"{RingTimeoutSeconds}s" });
        chromium = await Chromium.LaunchAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (chromium is not null)
        {
            await chromium.DisposeAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [TearDown]
    public async Task CloseUsersAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            TestContext.Out.WriteLine(server.LogText);
        }

        var passed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed;
        foreach (var user in users)
        {
            await user.CloseAsync();
        }

        if (passed)
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

    [SetUp]
    public void ClearUsers() => users.Clear();

    private async Task<(WebUser A, WebUser B)> SignUpPairAsync()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var a = await WebUser.SignUpAsync(chromium, server, $"Alice {tag}");
        users.Add(a);
        var b = await WebUser.SignUpAsync(chromium, server, $"Bob {tag}");
        users.Add(b);
        return (a, b);
    }

    [Test]
    public async Task VideoCall_AcceptedMutedAndHungUp_BothDecodeAndHistoryShowsCompletedWithDuration()
    {
        var shots = new Screenshots();
        var (a, b) = await SignUpPairAsync();
        await shots.TakeAsync(b.Page, "b-signed-up");

        await a.CallAsync(b);
        await Expect(a.Page.Locator("#call-status")).ToContainTextAsync("Ringing");
        await shots.TakeAsync(a.Page, "a-ringing");

        var incoming = b.Page.Locator("#incoming");
        await Expect(incoming).ToBeVisibleAsync();
        await Expect(b.Page.Locator("#incoming-desc")).ToHaveTextAsync($"{a.Name} is calling you");
        await shots.TakeAsync(b.Page, "b-incoming");
        await b.Page.GetByRole(AriaRole.Button, new() { Name = "Accept video" }).ClickAsync();

        await Expect(a.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 45_000 });
        await Expect(b.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "active", new() { Timeout = 45_000 });
        var mediaA = await a.WaitForMediaAsync(MediaTimeout);
        var mediaB = await b.WaitForMediaAsync(MediaTimeout);
        Assert.That(mediaA.FramesDecoded, Is.GreaterThan(0), "A decodes B's video");
        Assert.That(mediaB.FramesDecoded, Is.GreaterThan(0), "B decodes A's video");

        // The quality indicator reads getStats: an RTT (loopback, so small) and a bitrate.
        await Expect(a.Page.Locator("#quality-text")).ToContainTextAsync("RTT", new() { Timeout = 15_000 });
        await Expect(a.Page.Locator("#quality")).Not.ToHaveAttributeAsync("data-level", "unknown", new() { Timeout = 15_000 });
        await Expect(a.Page.Locator("#quality-text")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"loss \d+\.\d% · [1-9][\d.]* (kbps|Mbps)"), new() { Timeout = 15_000 });
        await shots.TakeAsync(a.Page, "a-in-call");
        await shots.TakeAsync(b.Page, "b-in-call");

        // A mutes: B's UI shows it; A unmutes: the badge goes away.
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
        await Expect(a.Page.Locator("#toggle-audio")).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(b.Page.Locator("#peer-audio")).ToBeVisibleAsync();
        await Expect(b.Page.Locator("#peer-audio")).ToHaveTextAsync("Muted");
        await shots.TakeAsync(b.Page, "b-sees-a-muted");
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Unmute" }).ClickAsync();
        await Expect(b.Page.Locator("#peer-audio")).ToBeHiddenAsync();

        // A turns the camera off: B sees it too.
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Camera off" }).ClickAsync();
        await Expect(b.Page.Locator("#peer-video")).ToBeVisibleAsync();
        await shots.TakeAsync(b.Page, "b-sees-a-camera-off");

        // At least two seconds of call, so the duration is not zero by rounding.
        await Task.Delay(2000);
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Hang up" }).ClickAsync();
        await Expect(a.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        await Expect(b.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        await Expect(b.Page.Locator("#call-status")).ToContainTextAsync($"{a.Name} ended the call");
        await shots.TakeAsync(a.Page, "a-ended");
        await shots.TakeAsync(b.Page, "b-ended");

        foreach (var user in new[] { a, b })
        {
            var call = await LatestCallAsync(user, "completed");
            Assert.That(call.GetProperty("duration").GetInt32(), Is.GreaterThanOrEqualTo(2), $"{user.Name}'s REST history duration");
            Assert.That(call.GetProperty("callType").GetString(), Is.EqualTo("video"));
            Assert.That(call.GetProperty("callerId").GetProperty("id").GetString(), Is.EqualTo(a.UserId));
            Assert.That(call.GetProperty("calleeId").GetProperty("id").GetString(), Is.EqualTo(b.UserId));

            await user.Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await Expect(user.Page.Locator("#call")).ToBeHiddenAsync();
            await user.Page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
            var item = user.Page.Locator($"li.history-item[data-call-id='{call.GetProperty("callId").GetString()}']");
            await Expect(item).ToHaveAttributeAsync("data-status", "completed");
            await Expect(item.Locator(".badge")).ToHaveTextAsync("Completed");
            await Expect(item.Locator(".history-duration")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^0:0[2-9]|^0:[1-5]\d|^\d+:\d\d"));
            await shots.TakeAsync(user.Page, $"{user.Name.Split(' ')[0].ToLowerInvariant()}-history");
        }
    }

    [Test]
    public async Task Call_DeclinedByCallee_CallerIsToldAndHistoryShowsRejected()
    {
        var shots = new Screenshots();
        var (a, b) = await SignUpPairAsync();

        await a.CallAsync(b, "audio");
        await Expect(b.Page.Locator("#incoming")).ToBeVisibleAsync();
        await Expect(b.Page.Locator("#incoming-title")).ToHaveTextAsync("Audio call");
        await shots.TakeAsync(b.Page, "b-incoming");
        await b.Page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Expect(b.Page.Locator("#incoming")).ToBeHiddenAsync();
        await Expect(a.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "ended");
        await Expect(a.Page.Locator("#call-status")).ToHaveTextAsync($"{b.Name} declined the call");
        await shots.TakeAsync(a.Page, "a-declined");

        foreach (var user in new[] { a, b })
        {
            var call = await LatestCallAsync(user, "rejected");
            Assert.That(call.GetProperty("duration").GetInt32(), Is.Zero);
            Assert.That(call.GetProperty("callType").GetString(), Is.EqualTo("audio"));
        }

        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await a.Page.GotoAsync("/history?type=audio");
        await Expect(a.Page.Locator("li.history-item").First).ToHaveAttributeAsync("data-status", "rejected");
        await Expect(a.Page.Locator("#history-type")).ToHaveValueAsync("audio");
        await shots.TakeAsync(a.Page, "a-history-audio");
        // The type filter applies: no video calls for this new user.
        await a.Page.Locator("#history-type").SelectOptionAsync("video");
        await Expect(a.Page.Locator("#history-status")).ToHaveTextAsync("No calls yet");
        Assert.That(new Uri(a.Page.Url).Query, Is.EqualTo("?type=video"));
    }

    [Test]
    public async Task Call_NotAnswered_EndsAsMissedAfterRingTimeout()
    {
        var shots = new Screenshots();
        var (a, b) = await SignUpPairAsync();

        var started = Stopwatch.StartNew();
        await a.CallAsync(b);
        await Expect(b.Page.Locator("#incoming")).ToBeVisibleAsync();
        await Expect(b.Page.Locator(".ringing")).ToBeVisibleAsync();
        await shots.TakeAsync(b.Page, "b-ringing");

        var bound = new LocatorAssertionsToHaveAttributeOptions { Timeout = (RingTimeoutSeconds + 30) * 1000 };
        await Expect(a.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "ended", bound);
        Assert.That(started.Elapsed.TotalSeconds, Is.GreaterThanOrEqualTo(RingTimeoutSeconds - 1), "ended by the ring timeout, not earlier");
        await Expect(a.Page.Locator("#call-status")).ToHaveTextAsync($"{b.Name} did not answer");
        await Expect(b.Page.Locator("#incoming")).ToBeHiddenAsync();
        await Expect(b.Page.Locator("#toasts")).ToContainTextAsync($"Missed call from {a.Name}");
        await shots.TakeAsync(a.Page, "a-no-answer");
        await shots.TakeAsync(b.Page, "b-missed-toast");

        foreach (var user in new[] { a, b })
        {
            var call = await LatestCallAsync(user, "missed");
            Assert.That(call.GetProperty("duration").GetInt32(), Is.Zero);
        }

        await b.Page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
        await Expect(b.Page.Locator("li.history-item").First.Locator(".badge")).ToHaveTextAsync("Missed");
        await shots.TakeAsync(b.Page, "b-history");
    }

    /// <summary>The user's newest call from GET /api/calls/history, waited for (bounded) until it has the status.</summary>
    private async Task<JsonElement> LatestCallAsync(WebUser user, string status)
    {
        var token = await user.TokenAsync();
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            var history = await server.GetJsonAsync("api/calls/history?limit=5", token);
            var calls = history.GetProperty("calls");
            Assert.That(calls.GetArrayLength(), Is.EqualTo(1), $"{user.Name} has exactly one call");
            last = calls[0];
            if (last.GetProperty("status").GetString() == status)
            {
                return last;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{user.Name}'s call is '{last.GetProperty("status").GetString()}', expected '{status}'");
        return last;
    }
}
