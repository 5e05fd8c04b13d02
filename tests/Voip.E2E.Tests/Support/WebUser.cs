using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Voip.E2E.Tests.Support;

/// <summary>One person using the web client in their own browser context.</summary>
public sealed class WebUser(IPage page, string name, string email)
{
    public const string Password = "Sunny-meadow-2718";

    public IPage Page => page;

    public string Name => name;

    public string Email => email;

    public string UserId { get; private set; } = "";

    /// <summary>Console errors and uncaught exceptions of the page (a CSP violation shows up here too).</summary>
    public List<string> Errors { get; } = [];

    public static async Task<WebUser> SignUpAsync(Chromium chromium, ProductServer server, string name)
    {
        var page = await chromium.NewUserPageAsync(server.BaseAddress);
        var user = new WebUser(page, name, $"{name.Replace(' ', '.').ToLowerInvariant()}@e2e.example");
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                lock (user.Errors)
                {
                    user.Errors.Add(m.Text);
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (user.Errors)
            {
                user.Errors.Add("uncaught: " + e);
            }
        };
        await page.GotoAsync("/signup");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(user.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        // PBKDF2 on a loaded 2-core machine can take a few seconds.
        await Expect(page.Locator("#user-search")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("#conn")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 30_000 });
        await Expect(page.Locator("#me-name")).ToHaveTextAsync(name);
        user.UserId = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('voip.session')).userId");
        return user;
    }

    public Task<string> TokenAsync() =>
        page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('voip.session')).token");

    /// <summary>Finds the other user in Contacts, waits until they show as online, and presses Call.</summary>
    public async Task CallAsync(WebUser other, string callType = "video")
    {
        await page.Locator("#user-search").FillAsync(other.Name);
        var row = page.Locator($"li.user[data-user-id='{other.UserId}']");
        await Expect(row.Locator(".presence")).ToHaveAttributeAsync("data-online", "true", new() { Timeout = 20_000 });
        await Expect(row.Locator(".presence-text")).ToHaveTextAsync("Online");
        var label = (callType == "video" ? "Video call " : "Audio call ") + other.Name;
        await row.GetByRole(AriaRole.Button, new() { Name = label }).ClickAsync();
        await Expect(page.Locator("#call")).ToBeVisibleAsync();
    }

    /// <summary>Inbound video frames decoded and audio packets received on the call's RTCPeerConnection (getStats).</summary>
    public async Task<(long FramesDecoded, long AudioPackets)> InboundAsync()
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const pc = window.voip?.calls?.pc;
              if (!pc) return [0, 0];
              const report = await pc.getStats();
              let frames = 0, audio = 0;
              report.forEach(s => {
                if (s.type !== 'inbound-rtp') return;
                if (s.kind === 'video') frames += s.framesDecoded || 0; else audio += s.packetsReceived || 0;
              });
              return [frames, audio];
            }
            """);
        return (json[0].GetInt64(), json[1].GetInt64());
    }

    /// <summary>Polls getStats (every 250 ms, at most <paramref name="timeout"/>) until video frames and audio packets arrive.</summary>
    public async Task<(long FramesDecoded, long AudioPackets)> WaitForMediaAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var last = (0L, 0L);
        while (clock.Elapsed < timeout)
        {
            last = await InboundAsync();
            if (last.Item1 > 0 && last.Item2 > 0)
            {
                return last;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{name} decoded no media within {timeout.TotalSeconds} s (framesDecoded={last.Item1}, audio packets={last.Item2})");
        return last;
    }

    public void AssertNoErrors()
    {
        lock (Errors)
        {
            Assert.That(Errors, Is.Empty, $"{name}'s page logged errors");
        }
    }

    public Task CloseAsync() => page.Context.CloseAsync();
}
