using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>Two replicas joined by a real redis-server: calls across them, and a replica that stops.</summary>
[Category("Interop")]
[NonParallelizable]
public class SignalingReplicaTests
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

        await NodeSocketClients.EnsureInstalledAsync();
        redis = await RedisServer.StartAsync();
        directory = Path.Combine(Path.GetTempPath(), "voip-sig-replicas-" + Guid.NewGuid().ToString("N"));
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

    private async Task<(TestApp One, TestApp Two)> StartReplicasAsync()
    {
        var prefix = "s" + Guid.NewGuid().ToString("N")[..8] + ":";
        var settings = new Dictionary<string, string?>
        {
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["REDIS_KEY_PREFIX"] = prefix,
            ["SIGNALING_PING_INTERVAL"] = "1s",
            ["SIGNALING_PING_TIMEOUT"] = "1s",
            // Longer than a heartbeat round: after the clock step below every presence entry reads expired until its
            // next pong, and on this shared 2-core machine a pong can be a second late; a 1 s grace let the watchdog
            // end the call in that gap.
            ["CALL_RECONNECT_GRACE"] = "3s",
        };
        var db = Path.Combine(directory, prefix.TrimEnd(':') + ".db");
        var time = new ManualTimeProvider();
        return (await TestApp.StartAsync(settings, time, sqlitePath: db), await TestApp.StartAsync(settings, time, sqlitePath: db));
    }

    /// <summary>
    /// Presence expiry follows the Redis server's clock, so the test clock step below no longer makes anyone read
    /// offline; this stays as a guard that both users are still online before the call is ended.
    /// </summary>
    private static async Task WaitUntilOnlineAsync(TestApp app, params string[] userIds)
    {
        var presence = app.Services.GetRequiredService<IPresenceTracker>();
        var within = System.Diagnostics.Stopwatch.StartNew();
        foreach (var id in userIds)
        {
            while (!await presence.IsOnlineAsync(id, CancellationToken.None))
            {
                Assert.That(within.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), $"user {id} did not refresh its presence after the clock step");
                await Task.Delay(20);
            }
        }
    }

    /// <summary>
    /// Presence expiry follows the Redis server's clock, not a replica's: stepping a replica's clock neither expires
    /// a live entry nor keeps a dead one; an entry lives its time-to-live of real time. Last-seen is shared too.
    /// </summary>
    [Test]
    public async Task RedisPresence_ExpiresByRealTime_NotByAReplicasClock_AndSharesLastSeen()
    {
        var (one, two) = await StartReplicasAsync();
        await using (one)
        await using (two)
        {
            var p1 = one.Services.GetRequiredService<IPresenceTracker>();
            var p2 = two.Services.GetRequiredService<IPresenceTracker>();
            const string user = "0123456789abcdef01234567";
            Assert.That(await p2.GetAsync(user, CancellationToken.None), Is.EqualTo(new PresenceState(false, null)));

            var seenAt = one.Time.GetUtcNow();
            await p1.SetOnlineAsync(user, "sock", TimeSpan.FromMilliseconds(1500), CancellationToken.None);
            one.Time.Advance(TimeSpan.FromHours(1));
            var state = await p2.GetAsync(user, CancellationToken.None);
            Assert.That(state.Online, Is.True, "a clock step on the replicas must not expire a live entry");
            Assert.That(state.LastSeen, Is.EqualTo(seenAt));

            await Task.Delay(1800);
            Assert.That(await p2.IsOnlineAsync(user, CancellationToken.None), Is.False, "the entry outlived its time-to-live");

            await p1.SetOnlineAsync(user, "sock", TimeSpan.FromMinutes(1), CancellationToken.None);
            await p1.SetOfflineAsync(user, "sock", CancellationToken.None);
            Assert.That(await p2.GetAsync(user, CancellationToken.None), Is.EqualTo(new PresenceState(false, one.Time.GetUtcNow())));
        }
    }

    [Test]
    public async Task CallerOnReplicaOne_CalleeOnReplicaTwo_CompleteAFullCall()
    {
        var (one, two) = await StartReplicasAsync();
        await using (one)
        await using (two)
        await using (var clients = NodeSocketClients.Start())
        {
            var a = await one.RegisterAsync("Alice");
            var b = await one.RegisterAsync("Bob");
            await clients.ConnectOkAsync("a", one.Client.BaseAddress!, a.Token);
            await clients.ConnectOkAsync("b", two.Client.BaseAddress!, b.Token);

            var ack = await clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "audio", offer = SignalingFixture.Offer });
            var roomId = ack!["roomId"]!.GetValue<string>();
            Assert.That((await clients.WaitForAsync("b", "incoming-call"))!["callerName"]!.GetValue<string>(), Is.EqualTo("Alice"));
            await clients.EmitAsync("b", "accept-call", new { roomId, answer = SignalingFixture.Answer });
            await clients.WaitForAsync("a", "call-accepted");
            await clients.EmitAsync("a", "ice-candidate", new { targetUserId = b.UserId, candidate = "candidate:a", roomId });
            await clients.EmitAsync("b", "ice-candidate", new { targetUserId = a.UserId, candidate = "candidate:b", roomId });
            Assert.That((await clients.WaitForAsync("b", "ice-candidate"))!["candidate"]!.GetValue<string>(), Is.EqualTo("candidate:a"));
            Assert.That((await clients.WaitForAsync("a", "ice-candidate"))!["candidate"]!.GetValue<string>(), Is.EqualTo("candidate:b"));
            await clients.EmitAsync("b", "toggle-video", new { roomId, enabled = false });
            Assert.That((await clients.WaitForAsync("a", "toggle-video"))!["enabled"]!.GetValue<bool>(), Is.False);

            one.Time.Advance(TimeSpan.FromSeconds(12));
            await WaitUntilOnlineAsync(one, a.UserId, b.UserId);
            var endAck = await clients.EmitAsync("b", "end-call", new { roomId });
            Assert.That(endAck?["success"]?.GetValue<bool>(), Is.True, endAck?.ToJsonString());
            Assert.That((await clients.WaitForAsync("a", "call-ended"))!["reason"]!.GetValue<string>(), Is.EqualTo("hangup"));
            var history = await TestApp.ReadJsonAsync(await two.GetAsync("/api/calls/history", a.Token));
            var call = history.GetProperty("calls")[0];
            Assert.That(call.GetProperty("callId").GetString(), Is.EqualTo(roomId));
            Assert.That(call.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(call.GetProperty("duration").GetInt32(), Is.EqualTo(12));

            // REST initiate on replica one reaches the callee's socket on replica two.
            var rest = await TestApp.ReadJsonAsync(await one.PostAsync("/api/calls/initiate", new { targetUserId = b.UserId, callType = "video" }, a.Token));
            Assert.That((await clients.WaitForAsync("b", "incoming-call"))!["roomId"]!.GetValue<string>(), Is.EqualTo(rest.GetProperty("callId").GetString()));
        }
    }

    [Test]
    public async Task StoppingTheCalleesReplica_MarksItOffline_AndEndsTheCallForTheCaller()
    {
        var (one, two) = await StartReplicasAsync();
        await using (one)
        await using (var clients = NodeSocketClients.Start())
        {
            var a = await one.RegisterAsync();
            var b = await one.RegisterAsync();
            await clients.ConnectOkAsync("a", one.Client.BaseAddress!, a.Token);
            await clients.ConnectOkAsync("b", two.Client.BaseAddress!, b.Token);
            var presence = one.Services.GetRequiredService<IPresenceTracker>();
            Assert.That(await presence.IsOnlineAsync(b.UserId, CancellationToken.None), Is.True);

            var ack = await clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "audio", offer = SignalingFixture.Offer });
            var roomId = ack!["roomId"]!.GetValue<string>();
            await clients.WaitForAsync("b", "incoming-call");
            await clients.EmitAsync("b", "accept-call", new { roomId, answer = SignalingFixture.Answer });
            await clients.WaitForAsync("a", "call-accepted");

            await two.DisposeAsync();
            var offlineWithin = System.Diagnostics.Stopwatch.StartNew();
            while (await presence.IsOnlineAsync(b.UserId, CancellationToken.None) && offlineWithin.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(50);
            }

            // Offline within one heartbeat round (ping interval + timeout = 2 s), with slack for the shared machine.
            Assert.That(offlineWithin.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "B still online after its replica stopped");
            var ended = await clients.WaitForAsync("a", "call-ended", 8);
            Assert.That(ended!["reason"]!.GetValue<string>(), Is.EqualTo("peer-disconnected"));
            Assert.That(ended["endedBy"]!.GetValue<string>(), Is.EqualTo(b.UserId));
            Assert.That(await presence.IsOnlineAsync(b.UserId, CancellationToken.None), Is.False);
            var history = await TestApp.ReadJsonAsync(await one.GetAsync("/api/calls/history", a.Token));
            Assert.That(history.GetProperty("calls")[0].GetProperty("status").GetString(), Is.EqualTo("completed"));
        }
    }
}
