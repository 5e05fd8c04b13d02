using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Voip.E2E.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Voip.E2E.Tests.Web;

/// <summary>
/// A 1:1 call "through the server" (<c>via: "sfu"</c>) in the web client, against the product as `make run` starts
/// it: it rings and is answered like a peer-to-peer call, but both browsers publish to and receive from the AOT
/// engine (the call's two-person room), so each decodes the other's video through the engine. Screenshots of
/// every step are attached to the result.
/// </summary>
[TestFixture]
[Category("E2E")]
[NonParallelizable]
public sealed class ServerCallTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(60);
    private ProductServer server = null!;
    private Chromium chromium = null!;
    private readonly List<WebUser> users = [];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        server = await ProductServer.StartAsync(new Dictionary<string, string> { ["CALL_RING_TIMEOUT"] = "30s" });
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
        var passed = TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Passed;
        if (!passed)
        {
            TestContext.Out.WriteLine(server.LogText);
        }

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

        users.Clear();
    }

    [Test]
    public async Task VideoCallThroughTheServer_BothDecodeThroughTheEngine_AndHistoryShowsCompleted()
    {
        var shots = new Screenshots();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var a = await WebUser.SignUpAsync(chromium, server, $"Alice {tag}");
        users.Add(a);
        var b = await WebUser.SignUpAsync(chromium, server, $"Bob {tag}");
        users.Add(b);

        // A chooses "Call through the server" (a labelled checkbox beside the search) and calls B.
        var option = a.Page.GetByRole(AriaRole.Checkbox, new() { Name = "Call through the server" });
        await Expect(option).Not.ToBeCheckedAsync();
        await option.CheckAsync();
        await a.CallAsync(b);
        await Expect(a.Page.Locator("#call-route")).ToBeVisibleAsync();
        await Expect(a.Page.Locator("#call-status")).ToContainTextAsync("Ringing");
        await shots.TakeAsync(a.Page, "a-ringing-through-server");

        await Expect(b.Page.Locator("#incoming")).ToBeVisibleAsync();
        await Expect(b.Page.Locator("#incoming-desc")).ToHaveTextAsync($"{a.Name} is calling you");
        await Expect(b.Page.Locator("#incoming-route")).ToBeVisibleAsync();
        await shots.TakeAsync(b.Page, "b-incoming");
        await b.Page.GetByRole(AriaRole.Button, new() { Name = "Accept video" }).ClickAsync();

        var active = new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 };
        await Expect(a.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "active", active);
        await Expect(b.Page.Locator("#call")).ToHaveAttributeAsync("data-state", "active", active);
        await Expect(b.Page.Locator("#call-route")).ToBeVisibleAsync();

        // The call's connection here is the one receiving from the engine (there is no browser-to-browser one).
        var mediaA = await a.WaitForMediaAsync(MediaTimeout);
        var mediaB = await b.WaitForMediaAsync(MediaTimeout);
        Assert.That(mediaA.FramesDecoded, Is.GreaterThan(0), "A decodes B's video through the engine");
        Assert.That(mediaB.FramesDecoded, Is.GreaterThan(0), "B decodes A's video through the engine");
        var callId = await a.Page.EvaluateAsync<string>("() => window.voip.calls.call.roomId");
        var remote = await a.Page.EvaluateAsync<string>("""
            async () => {
              const report = await window.voip.calls.pc.getStats();
              let ice = '';
              report.forEach(s => { if (s.type === 'remote-candidate') ice += s.address + ':' + s.port + ' '; });
              return ice;
            }
            """);
        Assert.That(server.LogText, Does.Contain($"Call {callId} goes through the media engine"), "the control plane opened the call's room");
        TestContext.Out.WriteLine($"A receives from {remote}");
        await Expect(a.Page.Locator("#quality-text")).ToContainTextAsync("RTT", new() { Timeout = 15_000 });
        await shots.TakeAsync(a.Page, "a-in-call-through-server");
        await shots.TakeAsync(b.Page, "b-in-call-through-server");

        // Mute through the engine: B's UI shows A muted, as in a peer-to-peer call.
        await a.Page.GetByRole(AriaRole.Button, new() { Name = "Mute" }).ClickAsync();
        await Expect(b.Page.Locator("#peer-audio")).ToBeVisibleAsync();
        await shots.TakeAsync(b.Page, "b-sees-a-muted");

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
            Assert.That(call.GetProperty("callId").GetString(), Is.EqualTo(callId));
            Assert.That(call.GetProperty("duration").GetInt32(), Is.GreaterThanOrEqualTo(2), $"{user.Name}'s REST history duration");
            Assert.That(call.GetProperty("callType").GetString(), Is.EqualTo("video"));
            Assert.That(call.GetProperty("callerId").GetProperty("id").GetString(), Is.EqualTo(a.UserId));
            Assert.That(call.GetProperty("calleeId").GetProperty("id").GetString(), Is.EqualTo(b.UserId));

            await user.Page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await user.Page.GetByRole(AriaRole.Link, new() { Name = "History" }).ClickAsync();
            var item = user.Page.Locator($"li.history-item[data-call-id='{callId}']");
            await Expect(item).ToHaveAttributeAsync("data-status", "completed");
            await Expect(item.Locator(".badge")).ToHaveTextAsync("Completed");
            await shots.TakeAsync(user.Page, $"{user.Name.Split(' ')[0].ToLowerInvariant()}-history");
        }
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
