using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage.Sqlite;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Calls;

/// <summary>
/// GET /api/calls/history answers from <see cref="CallHistoryCache"/> while the page is current, and a new or
/// changed call, or a renamed user, shows on the very next request.
/// </summary>
public class CallHistoryCacheTests
{
    private TestApp app = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => app = await TestApp.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await app.DisposeAsync();

    [Test]
    public async Task RepeatedRead_IsServedFromTheCache()
    {
        Assert.That(app.Services.GetRequiredService<CallHistoryCache>().Enabled, Is.True, "no Redis: single writer");
        var me = await app.RegisterAsync();
        var peer = await app.RegisterAsync();
        await app.PostAsync("/api/calls/initiate", new { targetUserId = peer.UserId, callType = "audio" }, me.Token);
        Assert.That(await TotalAsync(me), Is.EqualTo(1));

        // Written behind the versioned store's back (the raw SQLite store): the cached page does not see it,
        // which shows the page really came from the cache — and why every writer must go through ICallStore.
        await app.Services.GetRequiredService<SqliteCallStore>().CreateAsync(NewCall(me.UserId, peer.UserId), CancellationToken.None);
        Assert.That(await TotalAsync(me), Is.EqualTo(1));
        Assert.That(await TotalAsync(me, "?limit=21"), Is.EqualTo(2), "another page key is read from the store");

        // Any write through the registered store expires the page.
        await app.Services.GetRequiredService<ICallStore>().CreateAsync(NewCall(peer.UserId, me.UserId), CancellationToken.None);
        Assert.That(await TotalAsync(me), Is.EqualTo(3));
    }

    [Test]
    public async Task NewCall_ShowsAtOnce_ForCallerAndCallee()
    {
        var me = await app.RegisterAsync();
        var peer = await app.RegisterAsync();
        for (var i = 1; i <= 5; i++)
        {
            // Cache both sides' pages (twice, so the second read is a hit), then start a call.
            await TotalAsync(me);
            await TotalAsync(peer, "?type=video");
            Assert.That(await TotalAsync(me), Is.EqualTo(i - 1));
            app.Time.Advance(TimeSpan.FromSeconds(1));
            var (from, to) = i % 2 == 0 ? (me, peer) : (peer, me);
            var started = await app.PostAsync("/api/calls/initiate", new { targetUserId = to.UserId, callType = "video" }, from.Token);
            Assert.That((int)started.StatusCode, Is.EqualTo(200));
            var callId = (await TestApp.ReadJsonAsync(started)).GetProperty("callId").GetString();
            var mine = await HistoryAsync(me);
            Assert.That(mine.GetProperty("pagination").GetProperty("total").GetInt32(), Is.EqualTo(i));
            Assert.That(mine.GetProperty("calls")[0].GetProperty("callId").GetString(), Is.EqualTo(callId));
            Assert.That(await TotalAsync(peer, "?type=video"), Is.EqualTo(i));
        }
    }

    [Test]
    public async Task EndedCall_ShowsItsNewStatusAtOnce()
    {
        var me = await app.RegisterAsync();
        var peer = await app.RegisterAsync();
        var callId = (await TestApp.ReadJsonAsync(await app.PostAsync("/api/calls/initiate", new { targetUserId = peer.UserId, callType = "audio" }, me.Token))).GetProperty("callId").GetString()!;
        Assert.That((await HistoryAsync(peer)).GetProperty("calls")[0].GetProperty("status").GetString(), Is.EqualTo(CallStatuses.Initiated));
        Assert.That((await HistoryAsync(me)).GetProperty("calls")[0].GetProperty("status").GetString(), Is.EqualTo(CallStatuses.Initiated));

        // As signaling ends a call: through the registered ICallStore.
        var updated = await app.Services.GetRequiredService<ICallStore>().UpdateStatusAsync(callId, CallStatuses.Completed, app.Time.GetUtcNow().AddSeconds(42), 42, CancellationToken.None);
        Assert.That(updated, Is.True);
        foreach (var who in new[] { me, peer })
        {
            var call = (await HistoryAsync(who)).GetProperty("calls")[0];
            Assert.That(call.GetProperty("status").GetString(), Is.EqualTo(CallStatuses.Completed));
            Assert.That(call.GetProperty("duration").GetInt32(), Is.EqualTo(42));
        }
    }

    [Test]
    public async Task RenamedPeer_AndNewAvatar_ShowAtOnce()
    {
        var me = await app.RegisterAsync("Me");
        var peer = await app.RegisterAsync("Old Name");
        await app.PostAsync("/api/calls/initiate", new { targetUserId = peer.UserId, callType = "audio" }, me.Token);
        Assert.That(Callee(await HistoryAsync(me)).GetProperty("name").GetString(), Is.EqualTo("Old Name"));
        Assert.That(Callee(await HistoryAsync(me)).GetProperty("avatar").ValueKind, Is.EqualTo(JsonValueKind.Null));

        // The peer edits their own profile: nothing about my calls changed, yet my page embeds their summary.
        var patched = await app.SendAsync(HttpMethod.Patch, "/api/users/me", System.Net.Http.Json.JsonContent.Create(new { name = "New Name", avatar = "https://cdn.example.com/n.png" }), peer.Token);
        Assert.That((int)patched.StatusCode, Is.EqualTo(200));
        var callee = Callee(await HistoryAsync(me));
        Assert.That(callee.GetProperty("name").GetString(), Is.EqualTo("New Name"));
        Assert.That(callee.GetProperty("avatar").GetString(), Is.EqualTo("https://cdn.example.com/n.png"));
    }

    [Test]
    public async Task ConcurrentReaders_NeverHideACompletedWrite()
    {
        var me = await app.RegisterAsync();
        var peer = await app.RegisterAsync();
        using var stop = new CancellationTokenSource();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await TotalAsync(me);
            }
        })).ToArray();
        try
        {
            for (var i = 1; i <= 20; i++)
            {
                await app.Services.GetRequiredService<ICallStore>().CreateAsync(NewCall(me.UserId, peer.UserId), CancellationToken.None);
                Assert.That(await TotalAsync(me), Is.EqualTo(i));
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(readers);
        }
    }

    [Test]
    public void Cache_ServesOnlyUnderTheCurrentStamp()
    {
        var versions = new CallHistoryVersions();
        var cache = new CallHistoryCache(versions, enabled: true, CallHistoryCache.DefaultMaxBytes);
        var key = new CallHistoryPageKey("u1", 1, 20, null);
        var stamp = cache.Stamp("u1");
        cache.Store(key, stamp, [1, 2, 3]);
        Assert.That(cache.TryGet(key, out var body), Is.True);
        Assert.That(body, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(cache.TryGet(key with { Page = 2 }, out _), Is.False);
        Assert.That(cache.TryGet(key with { CallType = "audio" }, out _), Is.False);

        versions.CallChanged("u1");
        Assert.That(cache.TryGet(key, out _), Is.False, "a call of u1 changed");

        // A page read while a write committed is stored under the stamp taken before: stale at once.
        var before = cache.Stamp("u1");
        versions.CallChanged("u1");
        cache.Store(key, before, [4]);
        Assert.That(cache.TryGet(key, out _), Is.False);

        cache.Store(key, cache.Stamp("u1"), [5]);
        Assert.That(cache.TryGet(key, out _), Is.True);
        versions.UserChanged();
        Assert.That(cache.TryGet(key, out _), Is.False, "some user's name or avatar changed");
    }

    [Test]
    public void Cache_WhenDisabled_NeverServes_AndStaysWithinItsBudget()
    {
        var versions = new CallHistoryVersions();
        var off = new CallHistoryCache(versions, enabled: false, CallHistoryCache.DefaultMaxBytes);
        var key = new CallHistoryPageKey("u1", 1, 20, null);
        off.Store(key, off.Stamp("u1"), [1]);
        Assert.That(off.TryGet(key, out _), Is.False);

        var small = new CallHistoryCache(versions, enabled: true, maxBytes: 1000);
        for (var page = 1; page <= 50; page++)
        {
            small.Store(key with { Page = page }, small.Stamp("u1"), new byte[100]);
            Assert.That(small.Bytes, Is.LessThanOrEqualTo(1000));
        }

        Assert.That(small.TryGet(key with { Page = 50 }, out _), Is.True, "the newest page survives a reset");
        for (var page = 100; page <= 200; page++)
        {
            // Empty pages still cost their entry: many of them stay within the budget too.
            small.Store(key with { Page = page }, small.Stamp("u1"), []);
            Assert.That(small.Bytes, Is.InRange(1, 1000));
        }

        small.Store(key with { Page = 51 }, small.Stamp("u1"), new byte[1001]);
        Assert.That(small.TryGet(key with { Page = 51 }, out _), Is.False, "larger than the whole budget");
    }

    private static JsonElement Callee(JsonElement history) => history.GetProperty("calls")[0].GetProperty("calleeId");

    private CallRecord NewCall(string caller, string callee)
    {
        app.Time.Advance(TimeSpan.FromMilliseconds(10));
        return new CallRecord(Guid.NewGuid().ToString(), caller, callee, CallTypes.Audio, app.Time.GetUtcNow(), null, 0, CallStatuses.Initiated, [], CallQuality.Unknown);
    }

    private async Task<JsonElement> HistoryAsync(Session who, string query = "")
    {
        var response = await app.GetAsync("/api/calls/history" + query, who.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Content.Headers.ContentLength, Is.GreaterThan(0));
        return await TestApp.ReadJsonAsync(response);
    }

    private async Task<int> TotalAsync(Session who, string query = "") =>
        (await HistoryAsync(who, query)).GetProperty("pagination").GetProperty("total").GetInt32();
}
