using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.RateLimiting;

/// <summary>
/// The RateLimit-* headers on every /api response (values now come from a table and a reused key), and the host's
/// per-request diagnostics switched off only when their logs are.
/// </summary>
public class RateLimitHeaderTests
{
    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    [TestCase("5")]
    [TestCase("5000")]
    public async Task EveryApiResponse_CountsDown_TheClientsRemainingRequests(string limit)
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["RATE_LIMIT_MAX"] = limit, ["RATE_LIMIT_WINDOW"] = "15m" });
        var max = int.Parse(limit, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 1; i <= 3; i++)
        {
            var response = await app.GetAsync("/api/users/me");
            Assert.That(Header(response, "RateLimit-Limit"), Is.EqualTo(limit));
            Assert.That(Header(response, "RateLimit-Remaining"), Is.EqualTo((max - i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var reset = int.Parse(Header(response, "RateLimit-Reset"), System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(reset, Is.InRange(1, 15 * 60));
        }

        Assert.That(Header(await app.GetAsync("/healthz"), "RateLimit-Limit"), Is.Empty, "only /api is limited");

        // A new window starts a new count (the reused key must follow the window).
        app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.That(Header(await app.GetAsync("/api/users/me"), "RateLimit-Remaining"), Is.EqualTo((max - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [TestCase("Warning", false)]
    [TestCase("Information", true)]
    public async Task HostingDiagnostics_AreOff_OnlyWhenTheirLogsAre(string level, bool enabled)
    {
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = level,
            ["Logging:LogLevel:Microsoft.AspNetCore"] = level,
        });
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics");
        Assert.That(logger.IsEnabled(LogLevel.Critical), Is.EqualTo(enabled));
        Assert.That(logger.IsEnabled(LogLevel.Information), Is.EqualTo(enabled));
    }
}
