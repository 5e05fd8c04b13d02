using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using Voip.E2E.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Voip.E2E.Tests.Web;

/// <summary>
/// Sessions in the web client with 5-second access tokens (no clock skew): the client refreshes before expiry
/// and keeps both REST and the signaling socket working; log out and log in again.
/// </summary>
[TestFixture]
[Category("E2E")]
[NonParallelizable]
public sealed class SessionTests
{
    private ProductServer server = null!;
    private Chromium chromium = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        server = await ProductServer.StartAsync(new Dictionary<string, string> { ["JWT_EXPIRES_IN"] = "5s", ["JWT_CLOCK_SKEW"] = "0" });
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

    [Test]
    public async Task ShortLivedTokens_AreRefreshedBeforeExpiry_AndLogoutThenLoginWorks()
    {
        var shots = new Screenshots();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var a = await WebUser.SignUpAsync(chromium, server, $"Carol {tag}");
        var b = await WebUser.SignUpAsync(chromium, server, $"Dave {tag}");
        try
        {
            var first = await a.TokenAsync();
            var clock = Stopwatch.StartNew();
            var current = first;
            while (current == first && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(250);
                current = await a.TokenAsync();
            }

            Assert.That(current, Is.Not.EqualTo(first), "the client refreshed its access token on its own");

            // Well past the first token's expiry: it is refused, yet the client still works over REST and the socket.
            await Task.Delay(TimeSpan.FromSeconds(7));
            using (var request = new HttpRequestMessage(HttpMethod.Get, "api/users/me"))
            {
                request.Headers.Authorization = new("Bearer", first);
                using var stale = await server.Http.SendAsync(request);
                Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
                Assert.That(await stale.Content.ReadAsStringAsync(), Does.Contain("AUTH002"));
            }

            await Expect(a.Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 20_000 });
            await a.Page.Locator("#user-search").FillAsync(b.Name);
            var row = a.Page.Locator($"li.user[data-user-id='{b.UserId}']");
            await Expect(row.Locator(".presence")).ToHaveAttributeAsync("data-online", "true", new() { Timeout = 20_000 });
            await shots.TakeAsync(a.Page, "a-search-after-refresh");

            await a.Page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
            await Expect(a.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
            Assert.That(await a.Page.EvaluateAsync<string?>("() => localStorage.getItem('voip.session')"), Is.Null);
            await shots.TakeAsync(a.Page, "a-logged-out");

            await a.Page.GetByLabel("Email").FillAsync(a.Email);
            await a.Page.GetByLabel("Password").FillAsync(WebUser.Password);
            await a.Page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
            await Expect(a.Page.Locator("#me-name")).ToHaveTextAsync(a.Name, new() { Timeout = 30_000 });
            await Expect(a.Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 20_000 });
            await shots.TakeAsync(a.Page, "a-logged-in-again");
            a.AssertNoErrors();
            b.AssertNoErrors();
        }
        finally
        {
            await a.CloseAsync();
            await b.CloseAsync();
        }
    }

    [Test]
    public async Task ExpiredToken_AnsweredWithAuth002_IsRefreshedAndTheRequestRetried()
    {
        var shots = new Screenshots();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var a = await WebUser.SignUpAsync(chromium, server, $"Erin {tag}");
        var b = await WebUser.SignUpAsync(chromium, server, $"Frank {tag}");
        try
        {
            // The refresh endpoint is unreachable for a while, so the timed refresh fails and the token runs out.
            await a.Page.RouteAsync("**/api/auth/refresh", route => route.AbortAsync());
            var expired = await a.TokenAsync();
            await Task.Delay(TimeSpan.FromSeconds(8));
            Assert.That(await a.TokenAsync(), Is.EqualTo(expired), "no refresh got through while the endpoint was blocked");
            await a.Page.UnrouteAsync("**/api/auth/refresh");

            // The search gets 401 AUTH002, refreshes, retries; presence over the socket works with the new token.
            await a.Page.Locator("#user-search").FillAsync(b.Name);
            var row = a.Page.Locator($"li.user[data-user-id='{b.UserId}']");
            await Expect(row.Locator(".presence")).ToHaveAttributeAsync("data-online", "true", new() { Timeout = 30_000 });
            Assert.That(await a.TokenAsync(), Is.Not.EqualTo(expired));
            await Expect(a.Page.Locator("#conn")).ToHaveAttributeAsync("data-state", "online", new() { Timeout = 20_000 });
            await shots.TakeAsync(a.Page, "a-search-after-auth002");

            // Expected noise: the aborted refreshes and the one 401 that triggered the refresh.
            lock (a.Errors)
            {
                a.Errors.RemoveAll(e => e.Contains("ERR_FAILED", StringComparison.Ordinal) || e.Contains("401", StringComparison.Ordinal));
            }

            a.AssertNoErrors();
            b.AssertNoErrors();
        }
        finally
        {
            await a.CloseAsync();
            await b.CloseAsync();
        }
    }
}
