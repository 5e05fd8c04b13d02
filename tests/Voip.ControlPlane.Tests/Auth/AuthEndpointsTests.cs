using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Auth;

public class AuthEndpointsTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task Register_ReturnsSeedShapeAndTokensWithSeedClaims()
    {
        var response = await app.PostAsync("/api/auth/register", new { email = "  Alice.Reg@Example.COM ", password = TestApp.Password, name = "Alice" });
        Assert.That((int)response.StatusCode, Is.EqualTo(201));
        var json = await TestApp.ReadJsonAsync(response);
        Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "userId", "token", "refreshToken" }));
        var userId = json.GetProperty("userId").GetString()!;
        Assert.That(userId, Does.Match("^[0-9a-f]{24}$"));

        var token = json.GetProperty("token").GetString()!;
        Assert.That(Jwt.Header(token).GetProperty("alg").GetString(), Is.EqualTo("HS256"));
        var claims = Jwt.Payload(token);
        Assert.Multiple(() =>
        {
            Assert.That(claims.GetProperty("userId").GetString(), Is.EqualTo(userId));
            Assert.That(claims.GetProperty("email").GetString(), Is.EqualTo("alice.reg@example.com"), "email normalized");
            Assert.That(claims.GetProperty("name").GetString(), Is.EqualTo("Alice"));
            Assert.That(claims.GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That(claims.GetProperty("iss").GetString(), Is.EqualTo("voip-control-plane"));
            Assert.That(claims.GetProperty("aud").GetString(), Is.EqualTo("voip"));
            Assert.That(claims.GetProperty("jti").GetString(), Is.Not.Empty);
            Assert.That(claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64(), Is.EqualTo(15 * 60));
            Assert.That(claims.GetProperty("iat").GetInt64(), Is.EqualTo(app.Time.GetUtcNow().ToUnixTimeSeconds()));
        });
        var refresh = Jwt.Payload(json.GetProperty("refreshToken").GetString()!);
        Assert.That(refresh.GetProperty("exp").GetInt64() - refresh.GetProperty("iat").GetInt64(), Is.EqualTo(7 * 24 * 3600));
    }

    [Test]
    public async Task Register_SameEmailDifferentCase_Is409()
    {
        var user = await app.RegisterAsync();
        var response = await app.PostAsync("/api/auth/register", new { email = " " + user.Email.ToUpperInvariant(), password = TestApp.Password, name = "Again" });
        await TestApp.AssertErrorAsync(response, 409, "USER001");
    }

    [TestCase("""{"email":"not-an-email","password":"correct-horse-42","name":"A"}""", "email")]
    [TestCase("""{"email":"a@b","password":"correct-horse-42","name":"A"}""", "email")]
    [TestCase("""{"password":"correct-horse-42","name":"A"}""", "email is required")]
    [TestCase("""{"email":"p1@example.com","password":"short1","name":"A"}""", "at least 8")]
    [TestCase("""{"email":"p2@example.com","password":"onlyletters","name":"A"}""", "letter and one digit")]
    [TestCase("""{"email":"p3@example.com","password":"12345678","name":"A"}""", "letter and one digit")]
    [TestCase("""{"email":"longname@example.com","password":"longname123","name":"A"}""", "email")]
    [TestCase("""{"email":"p4@example.com","password":"correct-horse-42"}""", "name is required")]
    [TestCase("""{"email":"p5@example.com","password":"correct-horse-42","name":"<script>"}""", "name")]
    [TestCase("""{"email":"p6@example.com","password":12345678,"name":"A"}""", "password")]
    [TestCase("""{"email":"p7@example.com","password":"correct-horse-42","name":"A","role":"admin"}""", "role")]
    [TestCase("""[1,2]""", "object")]
    [TestCase("""{"email":""", "JSON")]
    public async Task Register_InvalidBody_Is400WithClearMessage(string body, string messagePart)
    {
        var response = await app.PostRawAsync("/api/auth/register", body);
        await TestApp.AssertErrorAsync(response, 400, "VALIDATION001");
        var json = await TestApp.ReadJsonAsync(response);
        Assert.That(json.GetProperty("message").GetString(), Does.Contain(messagePart));
    }

    [Test]
    public async Task Register_TooLongFields_Are400()
    {
        var response = await app.PostAsync("/api/auth/register", new { email = "long@example.com", password = "a1" + new string('x', 200), name = "A" });
        await TestApp.AssertErrorAsync(response, 400, "VALIDATION001");
        response = await app.PostAsync("/api/auth/register", new { email = new string('e', 250) + "@example.com", password = TestApp.Password, name = "A" });
        await TestApp.AssertErrorAsync(response, 400, "VALIDATION001");
        response = await app.PostAsync("/api/auth/register", new { email = "n@example.com", password = TestApp.Password, name = new string('n', 101) });
        await TestApp.AssertErrorAsync(response, 400, "VALIDATION001");
    }

    [Test]
    public async Task Register_WrongContentType_Is415()
    {
        var response = await app.SendAsync(HttpMethod.Post, "/api/auth/register", new StringContent("email=a@b.c", Encoding.UTF8, "application/x-www-form-urlencoded"), null);
        await TestApp.AssertErrorAsync(response, 415, "VALIDATION001");
    }

    [Test]
    public async Task Login_ReturnsTokens_AndWrongPasswordOrUnknownEmailIsAuth001()
    {
        var user = await app.RegisterAsync("Logan");
        var ok = await app.PostAsync("/api/auth/login", new { email = user.Email.ToUpperInvariant(), password = TestApp.Password });
        Assert.That((int)ok.StatusCode, Is.EqualTo(200));
        var json = await TestApp.ReadJsonAsync(ok);
        Assert.That(json.GetProperty("userId").GetString(), Is.EqualTo(user.UserId));
        Assert.That(Jwt.Payload(json.GetProperty("token").GetString()!).GetProperty("name").GetString(), Is.EqualTo("Logan"));

        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/login", new { email = user.Email, password = "wrong-password-1" }), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/login", new { email = "nobody@example.com", password = TestApp.Password }), 401, "AUTH001");
    }

    [TestCase("""{"email":"victim@example.com","password":{"$gt":""}}""")]
    [TestCase("""{"email":{"$ne":null},"password":"x"}""")]
    [TestCase("""{"email":"victim@example.com","password":"x","$where":"1==1"}""")]
    [TestCase("""{"email":"victim@example.com","password":"x","nested":[{"$regex":".*"}]}""")]
    public async Task Login_OperatorInjection_Is400Validation002(string body)
    {
        await app.RegisterAsync(email: $"victim{Guid.NewGuid():N}@example.com");
        var response = await app.PostRawAsync("/api/auth/login", body);
        await TestApp.AssertErrorAsync(response, 400, "VALIDATION002");
    }

    [Test]
    public async Task Login_ObjectWhereStringBelongs_Is400()
    {
        var response = await app.PostRawAsync("/api/auth/login", """{"email":"a@example.com","password":{"gt":""}}""");
        await TestApp.AssertErrorAsync(response, 400, "VALIDATION001");
    }

    [Test]
    public async Task Refresh_RotatesAndEachTokenWorksOnce_ReuseRevokesFamily()
    {
        var user = await app.RegisterAsync();
        var first = await app.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken });
        Assert.That((int)first.StatusCode, Is.EqualTo(200));
        var rotated = await TestApp.ReadJsonAsync(first);
        var newRefresh = rotated.GetProperty("refreshToken").GetString()!;
        var newAccess = rotated.GetProperty("token").GetString()!;
        Assert.That(newRefresh, Is.Not.EqualTo(user.RefreshToken));
        Assert.That((int)(await app.GetAsync("/api/users/me", newAccess)).StatusCode, Is.EqualTo(200));

        // Replaying the spent token is detected and kills the whole session: the rotated tokens too.
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { refreshToken = newRefresh }), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", newAccess), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", user.Token), 401, "AUTH001");

        // Another login of the same user is a different session and unaffected.
        var login = await TestApp.ReadJsonAsync(await app.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password }));
        Assert.That((int)(await app.GetAsync("/api/users/me", login.GetProperty("token").GetString())).StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Refresh_ConcurrentUseOfOneToken_OnlyOneSucceeds()
    {
        var user = await app.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => app.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken })));
        Assert.That(responses.Count(r => (int)r.StatusCode == 200), Is.EqualTo(1));
        Assert.That(responses.Count(r => (int)r.StatusCode == 401), Is.EqualTo(9));
    }

    [Test]
    public async Task Refresh_WithAccessTokenOrGarbage_Is401_AndMissingIs400()
    {
        var user = await app.RegisterAsync();
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { refreshToken = user.Token }), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { refreshToken = "abc.def.ghi" }), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { }), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", user.RefreshToken), 401, "AUTH001");
    }

    [Test]
    public async Task Logout_RevokesAccessAndRefreshTokens()
    {
        var user = await app.RegisterAsync();
        var response = await app.SendAsync(HttpMethod.Post, "/api/auth/logout", null, user.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That((await TestApp.ReadJsonAsync(response)).GetProperty("success").GetBoolean(), Is.True);
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", user.Token), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), 401, "AUTH001");
    }

    [Test]
    public async Task Logout_WithRefreshTokenOnly_EndsThatSession()
    {
        var user = await app.RegisterAsync();
        Assert.That((int)(await app.PostAsync("/api/auth/logout", new { refreshToken = user.RefreshToken })).StatusCode, Is.EqualTo(200));
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", user.Token), 401, "AUTH001");
        await TestApp.AssertErrorAsync(await app.SendAsync(HttpMethod.Post, "/api/auth/logout", null, null), 401, "AUTH001");
    }

    [Test]
    public async Task ExpiredAccessToken_IsAuth002_AndRefreshStillWorks()
    {
        var user = await app.RegisterAsync();
        app.Time.Advance(TimeSpan.FromMinutes(14));
        Assert.That((int)(await app.GetAsync("/api/users/me", user.Token)).StatusCode, Is.EqualTo(200));
        app.Time.Advance(TimeSpan.FromMinutes(2)); // 16 min > 15 min + 30 s skew
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", user.Token), 401, "AUTH002");
        var refreshed = await app.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken });
        Assert.That((int)refreshed.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task ExpiredRefreshToken_IsAuth002()
    {
        var user = await app.RegisterAsync();
        app.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await TestApp.AssertErrorAsync(await app.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), 401, "AUTH002");
    }

    [Test]
    public async Task TamperedOrForgedTokens_AreAuth001()
    {
        var user = await app.RegisterAsync();
        var parts = user.Token.Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, object>>(Jwt.Payload(user.Token).GetRawText())!;
        claims["role"] = "admin";
        var tampered = $"{parts[0]}.{Jwt.Encode(claims)}.{parts[2]}";
        var none = $"{Jwt.Encode(new { alg = "none", typ = "JWT" })}.{parts[1]}.";
        var hs512 = $"{Jwt.Encode(new { alg = "HS512", typ = "JWT" })}.{parts[1]}.{parts[2]}";
        foreach (var token in new[] { tampered, none, hs512, "not-a-jwt", parts[0] + "." + parts[1] })
        {
            await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", token), 401, "AUTH001");
        }

        var missing = await app.GetAsync("/api/users/me");
        await TestApp.AssertErrorAsync(missing, 401, "AUTH001");
        Assert.That(missing.Headers.WwwAuthenticate.ToString(), Does.StartWith("Bearer"));
    }

    [Test]
    public async Task TokenSignedWithAnotherSecret_IsAuth001()
    {
        await using var other = await TestApp.StartAsync(new Dictionary<string, string?> { ["JWT_SECRET"] = "another-secret-0123456789-0123456789-xyz" });
        var user = await other.RegisterAsync();
        await TestApp.AssertErrorAsync(await app.GetAsync("/api/users/me", user.Token), 401, "AUTH001");
    }

    [Test]
    public async Task ParallelRegistrationsOfOneEmail_ExactlyOneSucceeds()
    {
        var email = $"race{Guid.NewGuid():N}@example.com";
        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            app.PostAsync("/api/auth/register", new { email, password = TestApp.Password, name = "Racer " + i })));
        Assert.That(responses.Count(r => (int)r.StatusCode == 201), Is.EqualTo(1));
        Assert.That(responses.Count(r => (int)r.StatusCode == 409), Is.EqualTo(99));
    }
}
