using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Signaling;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// A call's <c>via</c> is part of the shared live call, so the replica that handles the accept (or rings a tab that
/// comes online) knows the call goes through the engine: the in-process store and the real Redis store keep it.
/// </summary>
[NonParallelizable]
public sealed class SfuLiveCallStoreTests
{
    private static LiveCall Call(string? via) => new(
        Guid.NewGuid().ToString(), Guid.NewGuid().ToString("N")[..24], "Alice", Guid.NewGuid().ToString("N")[..24], "video",
        "sid-a", null, null, null, false, null, null, via);

    private static async Task AssertKeepsViaAsync(ILiveCallStore store)
    {
        var sfu = Call("sfu");
        var p2p = Call(null);
        Assert.That(await store.TryReserveAsync(sfu, CancellationToken.None), Is.EqualTo(ReserveResult.Reserved));
        Assert.That(await store.TryReserveAsync(p2p, CancellationToken.None), Is.EqualTo(ReserveResult.Reserved));
        Assert.That((await store.GetAsync(sfu.CallId, CancellationToken.None))!.ViaSfu, Is.True);
        Assert.That((await store.GetAsync(p2p.CallId, CancellationToken.None))!.Via, Is.Null);

        // Transitions keep it (the accept reads it back after deciding).
        Assert.That(await store.TryDecideAsync(sfu.CallId, CallDecision.Accepted, CancellationToken.None), Is.True);
        await store.SetAcceptedAsync(sfu.CallId, "sid-b", DateTimeOffset.UnixEpoch.AddDays(20_000), CancellationToken.None);
        var accepted = await store.GetAsync(sfu.CallId, CancellationToken.None);
        Assert.That((accepted!.IsAccepted, accepted.Via, accepted.CalleeConnection), Is.EqualTo((true, "sfu", "sid-b")));
    }

    [Test]
    public Task InMemory_store_keeps_via() => AssertKeepsViaAsync(new InMemoryLiveCallStore());

    [Test]
    [Category("Interop")]
    public async Task Redis_store_keeps_via()
    {
        if (RedisServer.Executable is null)
        {
            Assert.Ignore("redis-server is not installed (apt-get install -y redis-server)");
        }

        await using var redis = await RedisServer.StartAsync();
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?>
        {
            ["REDIS_HOST"] = "127.0.0.1",
            ["REDIS_PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["REDIS_KEY_PREFIX"] = "t" + Guid.NewGuid().ToString("N")[..8] + ":",
        });
        var store = app.Services.GetRequiredService<ILiveCallStore>();
        Assert.That(store, Is.InstanceOf<RedisLiveCallStore>());
        await AssertKeepsViaAsync(store);
    }
}
