using Voip.ControlPlane.Hosting;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Hosting;

public class StartupValidationTests
{
    private static StartupValidationException? StartFails(Dictionary<string, string?> settings, string environment = "Production")
    {
        var ex = Assert.ThrowsAsync<StartupValidationException>(async () =>
        {
            await using var app = await TestApp.StartAsync(settings, environment: environment);
        });
        return ex;
    }

    [Test]
    public void Production_WithoutJwtSecret_RefusesToStartSayingWhy()
    {
        var ex = StartFails(new() { ["JWT_SECRET"] = null });
        Assert.That(ex!.Message, Does.Contain("JWT_SECRET is not set"));
    }

    [Test]
    public void Production_WithSeedPlaceholderSecret_RefusesToStart()
    {
        var ex = StartFails(new() { ["JWT_SECRET"] = "your-secret-key" });
        Assert.That(ex!.Message, Does.Contain("default placeholder"));
    }

    [Test]
    public void ShortSecret_BadDurations_BadPort_AreAllReportedTogether()
    {
        var ex = StartFails(new() { ["JWT_SECRET"] = "short", ["JWT_EXPIRES_IN"] = "15x", ["PORT"] = "70000", ["MONGODB_URL"] = "http://nope", ["REDIS_PORT"] = "6379" });
        Assert.That(ex!.Errors, Has.Count.EqualTo(5));
        Assert.That(ex.Message, Does.Contain("JWT_EXPIRES_IN='15x'").And.Contain("PORT='70000'").And.Contain("at least 32 bytes").And.Contain("MONGODB_URL").And.Contain("REDIS_HOST"));
    }

    [Test]
    public void Production_WithLoweredPasswordCost_RefusesToStart()
    {
        var ex = StartFails(new());
        Assert.That(ex!.Message, Does.Contain("PBKDF2 iterations"));
    }

    [Test]
    public async Task Development_WithoutSecret_Starts()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["JWT_SECRET"] = null }, environment: "Development");
        Assert.That((int)(await app.GetAsync("/healthz")).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task ConfiguredLifetimes_AreUsed()
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["JWT_EXPIRES_IN"] = "5m", ["REFRESH_TOKEN_EXPIRES_IN"] = "1d" });
        var user = await app.RegisterAsync();
        var access = Jwt.Payload(user.Token);
        var refresh = Jwt.Payload(user.RefreshToken);
        Assert.That(access.GetProperty("exp").GetInt64() - access.GetProperty("iat").GetInt64(), Is.EqualTo(300));
        Assert.That(refresh.GetProperty("exp").GetInt64() - refresh.GetProperty("iat").GetInt64(), Is.EqualTo(86400));
    }

    [TestCase("15m", 900)]
    [TestCase("7d", 604800)]
    [TestCase("900", 900)]
    [TestCase("2h", 7200)]
    [TestCase("30s", 30)]
    [TestCase("1w", 604800)]
    [TestCase("1500ms", 1.5)]
    public void DurationParser_ParsesSeedFormats(string text, double seconds)
    {
        Assert.That(DurationParser.TryParse(text, out var duration), Is.True);
        Assert.That(duration.TotalSeconds, Is.EqualTo(seconds));
    }

    [TestCase("")]
    [TestCase("m")]
    [TestCase("15x")]
    [TestCase("-5m")]
    [TestCase("0")]
    public void DurationParser_RejectsGarbage(string text) => Assert.That(DurationParser.TryParse(text, out _), Is.False);
}
