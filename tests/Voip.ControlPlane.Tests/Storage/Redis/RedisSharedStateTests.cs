using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Events;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Storage.Redis;

/// <summary>Two control-plane replicas on one real redis-server (and one SQLite file) share their state.</summary>
[Category("Interop")]
[NonParallelizable]
public class RedisSharedStateTests
{
    private RedisServer redis = null!;
    private string directory = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        if (RedisServer.Executable is null)
        {
            Assert.Ignore("redis-server is not installed (apt-get install -y redis-server)");
        }

        redis = await RedisServer.StartAsync();
        directory = Path.Combine(Path.GetTempPath(), "voip-cp-replicas-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<(TestApp A, TestApp B)> StartReplicasAsync(Dictionary<string, string?>? extra = null)
    {
        var prefix = "t" + Guid.NewGuid().ToString("N")[..8] + ":";
        var settings = new Dictionary<string, string?>
        {
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["REDIS_KEY_PREFIX"] = prefix,
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var db = Path.Combine(directory, prefix.TrimEnd(':') + ".db");
        var time = new ManualTimeProvider();
        var a = await TestApp.StartAsync(settings, time, sqlitePath: db);
        var b = await TestApp.StartAsync(settings, time, sqlitePath: db);
        return (a, b);
    }

    [Test]
    public async Task LogoutOnOneReplica_RevokesOnTheOther()
    {
        var (a, b) = await StartReplicasAsync();
        await using (a)
        await using (b)
        {
            var user = await a.RegisterAsync();
            Assert.That((int)(await b.GetAsync("/api/users/me", user.Token)).StatusCode, Is.EqualTo(200));
            Assert.That((int)(await a.SendAsync(HttpMethod.Post, "/api/auth/logout", null, user.Token)).StatusCode, Is.EqualTo(200));
            await TestApp.AssertErrorAsync(await b.GetAsync("/api/users/me", user.Token), 401, "AUTH001");
            await TestApp.AssertErrorAsync(await b.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), 401, "AUTH001");
        }
    }

    [Test]
    public async Task RefreshReuseOnOneReplica_KillsAccessTokensOnTheOther()
    {
        var (a, b) = await StartReplicasAsync();
        await using (a)
        await using (b)
        {
            var user = await a.RegisterAsync();
            var rotated = await TestApp.ReadJsonAsync(await a.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }));
            await TestApp.AssertErrorAsync(await b.PostAsync("/api/auth/refresh", new { refreshToken = user.RefreshToken }), 401, "AUTH001");
            await TestApp.AssertErrorAsync(await a.GetAsync("/api/users/me", rotated.GetProperty("token").GetString()), 401, "AUTH001");
        }
    }

    [Test]
    public async Task GeneralRateLimit_IsCountedAcrossReplicas()
    {
        var (a, b) = await StartReplicasAsync(new() { ["RATE_LIMIT_MAX"] = "4" });
        await using (a)
        await using (b)
        {
            Assert.That((int)(await a.GetAsync("/api/users/me")).StatusCode, Is.EqualTo(401));
            Assert.That((int)(await b.GetAsync("/api/users/me")).StatusCode, Is.EqualTo(401));
            Assert.That((int)(await a.GetAsync("/api/users/me")).StatusCode, Is.EqualTo(401));
            Assert.That((int)(await b.GetAsync("/api/users/me")).StatusCode, Is.EqualTo(401));
            var limited = await a.GetAsync("/api/users/me");
            await TestApp.AssertErrorAsync(limited, 429, "RATE001");
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
            await TestApp.AssertErrorAsync(await b.GetAsync("/api/users/me"), 429, "RATE001");
        }
    }

    [Test]
    public async Task LoginFailures_LockTheAccountOnEveryReplica_AndSuccessesAreForgiven()
    {
        var (a, b) = await StartReplicasAsync(new() { ["AUTH_RATE_LIMIT_MAX"] = "2" });
        await using (a)
        await using (b)
        {
            var user = await a.RegisterAsync();
            Assert.That((int)(await b.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password })).StatusCode, Is.EqualTo(200));
            Assert.That((int)(await a.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password })).StatusCode, Is.EqualTo(200));
            await TestApp.AssertErrorAsync(await a.PostAsync("/api/auth/login", new { email = user.Email, password = "wrong-pass-1" }), 401, "AUTH001");
            await TestApp.AssertErrorAsync(await b.PostAsync("/api/auth/login", new { email = user.Email, password = "wrong-pass-1" }), 401, "AUTH001");
            await TestApp.AssertErrorAsync(await a.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password }), 429, "RATE001");
            await TestApp.AssertErrorAsync(await b.PostAsync("/api/auth/login", new { email = user.Email, password = TestApp.Password }), 429, "RATE001");
        }
    }

    [Test]
    public async Task CallInitiatedOnOneReplica_IsDeliveredToSubscribersOfTheOther()
    {
        var (a, b) = await StartReplicasAsync();
        await using (a)
        await using (b)
        {
            var caller = await a.RegisterAsync("Replica Caller");
            var callee = await a.RegisterAsync();
            var received = new TaskCompletionSource<BusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            var busB = b.Services.GetRequiredService<IEventBus>();
            Assert.That(busB.GetType().Name, Is.EqualTo("RedisEventBus"));
            await using var subscription = await busB.SubscribeAsync(EventTopics.User(callee.UserId), m => { received.TrySetResult(m); return Task.CompletedTask; }, CancellationToken.None);

            var json = await TestApp.ReadJsonAsync(await a.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token));
            var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.That(message.Type, Is.EqualTo(EventTypes.CallInitiated));
            Assert.That(JsonDocument.Parse(message.Data).RootElement.GetProperty("callId").GetString(), Is.EqualTo(json.GetProperty("callId").GetString()));
        }
    }

    [Test]
    public async Task CallOrRenameOnOneReplica_ShowsAtOnceInTheOthersHistory()
    {
        var (a, b) = await StartReplicasAsync();
        await using (a)
        await using (b)
        {
            // Replicas share the store, so neither may serve history pages from a process-local cache.
            Assert.That(b.Services.GetRequiredService<CallHistoryCache>().Enabled, Is.False);
            var me = await a.RegisterAsync("Me");
            var peer = await a.RegisterAsync("Peer");
            for (var i = 1; i <= 3; i++)
            {
                // Read twice on b (a would-be cache hit), then write on a.
                await b.GetAsync("/api/calls/history", me.Token);
                await b.GetAsync("/api/calls/history", me.Token);
                Assert.That((int)(await a.PostAsync("/api/calls/initiate", new { targetUserId = peer.UserId, callType = "audio" }, me.Token)).StatusCode, Is.EqualTo(200));
                var history = await TestApp.ReadJsonAsync(await b.GetAsync("/api/calls/history", me.Token));
                Assert.That(history.GetProperty("pagination").GetProperty("total").GetInt32(), Is.EqualTo(i));
            }

            await a.SendAsync(HttpMethod.Patch, "/api/users/me", System.Net.Http.Json.JsonContent.Create(new { name = "Renamed" }), peer.Token);
            var renamed = await TestApp.ReadJsonAsync(await b.GetAsync("/api/calls/history", me.Token));
            Assert.That(renamed.GetProperty("calls")[0].GetProperty("calleeId").GetProperty("name").GetString(), Is.EqualTo("Renamed"));
        }
    }

    [Test]
    public async Task PresenceSetOnOneReplica_IsSeenByTheOther_AndEnforcedOnInitiate()
    {
        var (a, b) = await StartReplicasAsync(new() { ["PRESENCE_ENFORCE"] = "true" });
        await using (a)
        await using (b)
        {
            var caller = await a.RegisterAsync();
            var callee = await a.RegisterAsync();
            await TestApp.AssertErrorAsync(await b.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token), 404, "CALL001");
            var presenceA = a.Services.GetRequiredService<IPresenceTracker>();
            await presenceA.SetOnlineAsync(callee.UserId, "sock-a", TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.That(await b.Services.GetRequiredService<IPresenceTracker>().IsOnlineAsync(callee.UserId, CancellationToken.None), Is.True);
            Assert.That((int)(await b.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token)).StatusCode, Is.EqualTo(200));
            await presenceA.SetOfflineAsync(callee.UserId, "sock-a", CancellationToken.None);
            await TestApp.AssertErrorAsync(await b.PostAsync("/api/calls/initiate", new { targetUserId = callee.UserId, callType = "audio" }, caller.Token), 404, "CALL001");
        }
    }

    [Test]
    public async Task Readiness_ReportsRedis()
    {
        var (a, b) = await StartReplicasAsync();
        await using (a)
        await using (b)
        {
            var ready = await TestApp.ReadJsonAsync(await a.GetAsync("/readyz"));
            Assert.That(ready.GetProperty("checks").GetProperty("redis").GetString(), Is.EqualTo("ok"));
            Assert.That(ready.GetProperty("checks").GetProperty("sqlite").GetString(), Is.EqualTo("ok"));
        }
    }
}
