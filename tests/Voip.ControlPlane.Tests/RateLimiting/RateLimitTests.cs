using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.RateLimiting;

public class RateLimitTests
{
    [Test]
    public async Task GeneralLimit_Returns429WithRetryAfter_UntilTheWindowEnds()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["RATE_LIMIT_MAX"] = "5", ["RATE_LIMIT_WINDOW"] = "15m" });
        for (var i = 0; i < 5; i++)
        {
            Assert.That((int)(await app.GetAsync("/api/users/me")).StatusCode, Is.EqualTo(401));
        }

        var limited = await app.GetAsync("/api/users/me");
        await TestApp.AssertErrorAsync(limited, 429, "RATE001");
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        Assert.That(retryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMinutes(15)));
        Assert.That((int)(await app.GetAsync("/healthz")).StatusCode, Is.EqualTo(200), "health is not rate limited");

        app.Time.Advance(retryAfter);
        Assert.That((int)(await app.GetAsync("/api/users/me")).StatusCode, Is.EqualTo(401));
    }

    [Test]
    public async Task AuthLimit_CountsFailuresOnly()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT_MAX"] = "3" });
        var user = await app.RegisterAsync();
        for (var i = 0; i < 6; i++)
        {
            Assert.That((int)(await app.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password })).StatusCode, Is.EqualTo(200), "successful logins are not counted");
        }

        for (var i = 0; i < 3; i++)
        {
            await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/login", new { email = user.Email, password = "wrong-pass-1" }), 401, "AUTH001");
        }

        var limited = await app.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password });
        await TestApp.AssertErrorAsync(limited, 429, "RATE001");
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);

        app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.That((int)(await app.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password })).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task AuthLimit_LocksTheAccountAcrossClients_ButNotOtherAccounts()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["AUTH_RATE_LIMIT_MAX"] = "3", ["TRUST_FORWARDED_HEADERS"] = "true" });
        var victim = await app.RegisterAsync();
        var bystander = await app.RegisterAsync();

        Task<HttpResponseMessage> LoginFrom(string ip, string email, string password) =>
            app.SendAsync(HttpMethod.Post, "/api/auth/login", System.Net.Http.Json.JsonContent.Create(new { email, password }), null, r => r.Headers.Add("X-Forwarded-For", ip));

        for (var i = 0; i < 3; i++)
        {
            await TestApp.AssertErrorAsync(await LoginFrom($"203.0.113.{i + 1}", victim.Email, "wrong-pass-1"), 401, "AUTH001");
        }

        await TestApp.AssertErrorAsync(await LoginFrom("203.0.113.50", victim.Email, TestApp.Password), 429, "RATE001");
        Assert.That((int)(await LoginFrom("203.0.113.51", bystander.Email, TestApp.Password)).StatusCode, Is.EqualTo(200));

        // Per client: one address failing against many accounts is stopped too.
        for (var i = 0; i < 3; i++)
        {
            await LoginFrom("198.51.100.7", $"nobody{i}@example.com", "wrong-pass-1");
        }

        await TestApp.AssertErrorAsync(await LoginFrom("198.51.100.7", bystander.Email, TestApp.Password), 429, "RATE001");
    }
}
