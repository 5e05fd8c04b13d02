using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Users;

public class UserEndpointsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task Me_ReturnsOwnProfileWithEmail()
    {
        var user = await app.RegisterAsync("Mia");
        var json = await TestApp.ReadJsonAsync(await app.GetAsync("/api/users/me", user.Token));
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("id").GetString(), Is.EqualTo(user.UserId));
            Assert.That(json.GetProperty("email").GetString(), Is.EqualTo(user.Email));
            Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("Mia"));
            Assert.That(json.GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That(json.GetProperty("createdAt").GetString(), Does.EndWith("Z"));
        });
    }

    [Test]
    public async Task PatchMe_UpdatesNameAndAvatar_AndEmptyAvatarClearsIt()
    {
        var user = await app.RegisterAsync("Old");
        var response = await app.SendAsync(HttpMethod.Patch, "/api/users/me", System.Net.Http.Json.JsonContent.Create(new { name = "  New Name ", avatar = "https://cdn.example.com/a.png" }), user.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var json = await TestApp.ReadJsonAsync(response);
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("New Name"));
        Assert.That(json.GetProperty("avatar").GetString(), Is.EqualTo("https://cdn.example.com/a.png"));

        var other = await app.RegisterAsync();
        var seen = await TestApp.ReadJsonAsync(await app.GetAsync($"/api/users/{user.UserId}", other.Token));
        Assert.That(seen.GetProperty("name").GetString(), Is.EqualTo("New Name"));

        json = await TestApp.ReadJsonAsync(await app.SendAsync(HttpMethod.Patch, "/api/users/me", System.Net.Http.Json.JsonContent.Create(new { avatar = "" }), user.Token));
        Assert.That(json.GetProperty("avatar").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("New Name"));
    }

    [TestCase("""{"avatar":"javascript:alert(1)"}""")]
    [TestCase("""{"avatar":"not a url"}""")]
    [TestCase("""{"name":""}""")]
    [TestCase("""{}""")]
    [TestCase("""{"email":"x@example.com"}""")]
    [TestCase("""{"name":{"$set":"x"}}""")]
    public async Task PatchMe_InvalidBody_Is400(string body)
    {
        var user = await app.RegisterAsync();
        var response = await app.SendAsync(HttpMethod.Patch, "/api/users/me", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), user.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task GetById_ReturnsPublicSummaryWithoutEmail_404And400()
    {
        var user = await app.RegisterAsync("Public Pat");
        var viewer = await app.RegisterAsync();
        var json = await TestApp.ReadJsonAsync(await app.GetAsync($"/api/users/{user.UserId}", viewer.Token));
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "name", "avatar", "online", "lastSeen" }));
        Assert.That(json.GetProperty("name").GetString(), Is.EqualTo("Public Pat"));

        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/0123456789abcdef01234567", viewer.Token), 404, "NOTFOUND001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/not-an-id", viewer.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.GetAsync($"/api/users/{user.UserId}"), 401, "AUTH001");
    }

    [Test]
    public async Task Search_FindsByNameCaseInsensitively_WithoutEmails()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var target = await app.RegisterAsync($"Zed {tag} Searchable");
        var viewer = await app.RegisterAsync();
        var json = await TestApp.ReadJsonAsync(await app.GetAsync($"/api/users?search={tag.ToUpperInvariant()}", viewer.Token));
        var users = json.GetProperty("users").EnumerateArray().ToArray();
        Assert.That(users, Has.Length.EqualTo(1));
        Assert.That(users[0].GetProperty("id").GetString(), Is.EqualTo(target.UserId));
        Assert.That(users[0].TryGetProperty("email", out _), Is.False);

        // LIKE wildcards typed by the user match literally.
        var none = await TestApp.ReadJsonAsync(await app.GetAsync("/api/users?search=%25%25", viewer.Token));
        Assert.That(none.GetProperty("users").GetArrayLength(), Is.Zero);
    }

    [TestCase("/api/users?search=a")]
    [TestCase("/api/users")]
    [TestCase("/api/users?search=abc&limit=0")]
    [TestCase("/api/users?search=abc&limit=51")]
    [TestCase("/api/users?search=abc&search=def")]
    public async Task Search_InvalidQuery_Is400(string path)
    {
        var viewer = await app.RegisterAsync();
        await TestApp.AssertErrorAsync(await app.GetAsync(path, viewer.Token), 400, "VALIDATION001");
    }
}
