using Voip.ControlPlane.Tests.Support;
using Voip.ControlPlane.Web;

namespace Voip.ControlPlane.Tests.Web;

/// <summary>The web client as served from the build output (web/ beside the assembly): files, SPA fallback, headers.</summary>
public class WebClientEndpointsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Assert.That(File.Exists(Path.Combine(WebClientEndpoints.DefaultRoot, WebClientEndpoints.IndexFile)), Is.True,
            "the build copies Web/wwwroot to web/ in the output");
        app = await TestApp.StartAsync(new Dictionary<string, string?> { ["STUN_SERVER"] = "stun:stun.example.com:3478" });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [TestCase("/")]
    [TestCase("/history")]
    [TestCase("/login")]
    [TestCase("/some/client/route")]
    public async Task ClientRoutes_AnswerIndexHtml_WithSecurityHeaders(string path)
    {
        using var response = await app.GetAsync(path);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(html, Does.Contain("<script type=\"module\" src=\"/js/main.js\"></script>"));
        AssertSecurityHeaders(response);
    }

    [Test]
    public async Task StaticFiles_AreServed_AndRevalidatedWithETag()
    {
        using var first = await app.GetAsync("/js/main.js");
        Assert.That((int)first.StatusCode, Is.EqualTo(200));
        Assert.That(first.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        AssertSecurityHeaders(first);
        var etag = first.Headers.ETag;
        Assert.That(etag, Is.Not.Null);

        using var again = await app.SendAsync(HttpMethod.Get, "/js/main.js", null, null, r => r.Headers.IfNoneMatch.Add(etag!));
        Assert.That((int)again.StatusCode, Is.EqualTo(304));
    }

    [Test]
    public async Task SocketIoClient_FromNpm_IsCopiedIntoVendor()
    {
        using var response = await app.GetAsync("/vendor/socket.io.esm.min.js");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(text, Does.Contain("Socket.IO v4.8.1"));
        Assert.That(text, Does.Contain(" as io"));
    }

    [Test]
    public async Task MissingFiles_AndServerPaths_AreNotAnsweredWithTheClient()
    {
        using var missingAsset = await app.GetAsync("/js/does-not-exist.js");
        Assert.That((int)missingAsset.StatusCode, Is.EqualTo(404));
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/nothing-here"), 404, "NOTFOUND001");
        using var post = await app.PostRawAsync("/history", "{}");
        Assert.That((int)post.StatusCode, Is.EqualTo(404));
        using var socket = await app.GetAsync("/socket.io/");
        Assert.That((int)socket.StatusCode, Is.EqualTo(400), "the signaling endpoint still answers /socket.io/");
    }

    [Test]
    public async Task ConfigJson_ListsTheConfiguredStunServer()
    {
        using var response = await app.GetAsync("/config.json");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"iceServers":[{"urls":"stun:stun.example.com:3478"}]}"""));
        AssertSecurityHeaders(response);
    }

    [Test]
    public async Task ApiResponses_DoNotCarryTheClientPolicy()
    {
        using var response = await app.GetAsync("/healthz");
        Assert.That(response.Headers.Contains("Content-Security-Policy"), Is.False);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        Assert.That(csp, Does.Contain("default-src 'none'").And.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'"));
        Assert.That(csp, Does.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"));
        Assert.That(response.Headers.CacheControl?.NoCache, Is.True);
        Assert.That(string.Join(",", response.Headers.GetValues("X-Content-Type-Options")), Is.EqualTo("nosniff"));
        Assert.That(string.Join(",", response.Headers.GetValues("Referrer-Policy")), Is.EqualTo("no-referrer"));
    }
}
