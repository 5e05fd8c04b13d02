using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Auth;

namespace Voip.ControlPlane.Tests.Support;

/// <summary>
/// The real control plane (same <see cref="VoipApp.Build"/> as Program.cs) on Kestrel at 127.0.0.1:0, with a
/// fresh SQLite file, a manual clock and a low PBKDF2 cost (Testing environment only).
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string Secret = "test-secret-0123456789-0123456789-abcdef";
    public const string Password = "correct-horse-42";

    private readonly string? ownedDirectory;
    private int counter;

    private TestApp(WebApplication app, ManualTimeProvider time, string? ownedDirectory)
    {
        App = app;
        Time = time;
        this.ownedDirectory = ownedDirectory;
        Client = new HttpClient { BaseAddress = app.GetBaseAddress() };
    }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public ManualTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?>? settings = null,
        ManualTimeProvider? time = null,
        string environment = "Testing",
        string? sqlitePath = null,
        Action<IServiceCollection>? configure = null)
    {
        time ??= new ManualTimeProvider();
        string? owned = null;
        if (sqlitePath is null)
        {
            owned = Path.Combine(Path.GetTempPath(), "voip-cp-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(owned);
            sqlitePath = Path.Combine(owned, "voip.db");
        }

        var config = new Dictionary<string, string?>
        {
            ["PORT"] = "0",
            ["HOST"] = "127.0.0.1",
            ["JWT_SECRET"] = Secret,
            ["SQLITE_PATH"] = sqlitePath,
            ["RATE_LIMIT_MAX"] = "100000",
            ["AUTH_RATE_LIMIT_MAX"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var app = VoipApp.Build(["--environment", environment], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.Configure<PasswordHasherOptions>(o => o.Iterations = 1000);
            configure?.Invoke(builder.Services);
        });
        await app.StartAsync();
        return new TestApp(app, time, owned);
    }

    /// <summary>Registers a fresh user and returns its ids and tokens.</summary>
    public async Task<Session> RegisterAsync(string? name = null, string? email = null)
    {
        email ??= $"u{Interlocked.Increment(ref counter)}.{Guid.NewGuid():N}@example.com";
        var response = await PostAsync("/api/auth/register", new { email, password = Password, name = name ?? "User " + counter });
        Assert.That((int)response.StatusCode, Is.EqualTo(201), await response.Content.ReadAsStringAsync());
        var json = await ReadJsonAsync(response);
        return new Session(json.GetProperty("userId").GetString()!, email, json.GetProperty("token").GetString()!, json.GetProperty("refreshToken").GetString()!);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? token = null) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(body), token);

    public Task<HttpResponseMessage> PostRawAsync(string path, string json, string? token = null) =>
        SendAsync(HttpMethod.Post, path, new StringContent(json, Encoding.UTF8, "application/json"), token);

    public Task<HttpResponseMessage> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, null, token);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? token, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        configure?.Invoke(request);
        return await Client.SendAsync(request);
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status and the seed's error body <c>{code, message}</c>.</summary>
    public static async Task AssertErrorAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(status), text);
        var json = JsonDocument.Parse(text).RootElement;
        Assert.That(json.GetProperty("code").GetString(), Is.EqualTo(code), text);
        Assert.That(json.GetProperty("message").GetString(), Is.Not.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (ownedDirectory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(ownedDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Another app in the same test may still hold the file; the temp dir is cleaned by the OS.
            }
        }
    }
}
