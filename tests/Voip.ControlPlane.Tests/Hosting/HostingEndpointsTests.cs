using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Hosting;

public class HostingEndpointsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await TestApp.StartAsync(new Dictionary<string, string?> { ["CORS_ORIGINS"] = "https://app.example.com" });

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task HealthAndReadiness()
    {
        Assert.That(await (await app.GetAsync("/healthz")).Content.ReadAsStringAsync(), Is.EqualTo("""{"status":"ok","checks":null}"""));
        var ready = await TestApp.ReadJsonAsync(await app.GetAsync("/readyz"));
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(ready.GetProperty("checks").GetProperty("sqlite").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task OpenApiDocument_ListsTheApi_AndDocsUiIsServed()
    {
        var doc = await TestApp.ReadJsonAsync(await app.GetAsync("/openapi/v1.json"));
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(paths, Is.SupersetOf(new[] { "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout", "/api/calls/initiate", "/api/calls/history", "/api/calls/{callId}", "/api/users/me", "/api/users/{id}" }));
        var docs = await app.Client.GetAsync("/docs/");
        Assert.That((int)docs.StatusCode, Is.EqualTo(200));
        Assert.That(await docs.Content.ReadAsStringAsync(), Does.Contain("scalar").IgnoreCase);
    }

    [Test]
    public async Task Cors_AllowsListedOriginOnly()
    {
        async Task<HttpResponseMessage> Preflight(string origin) => await app.SendAsync(HttpMethod.Options, "/api/calls/history", null, null, r =>
        {
            r.Headers.Add("Origin", origin);
            r.Headers.Add("Access-Control-Request-Method", "GET");
            r.Headers.Add("Access-Control-Request-Headers", "authorization");
        });

        var allowed = await Preflight("https://app.example.com");
        Assert.That(allowed.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "https://app.example.com" }));
        var denied = await Preflight("https://evil.example.net");
        Assert.That(denied.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task UnknownRouteAndWrongMethod_UseTheErrorShape()
    {
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/nothing-here"), 404, "NOTFOUND001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/auth/login"), 405, "HTTP405");
    }

    [Test]
    public async Task OversizedBody_Is413()
    {
        var response = await app.PostRawAsync("/api/auth/login", "{\"email\":\"" + new string('a', 20_000) + "\"}");
        await TestApp.AssertErrorAsync(response, 413, "VALIDATION001");
    }
}
