using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// <c>via</c> on call-user and POST /api/calls/initiate, without an engine: unknown values are VALIDATION001, and a
/// call through the engine when none is reachable is refused with MEDIA001 before anything rings.
/// </summary>
[Category("Interop")]
[Parallelizable(ParallelScope.All)]
public sealed class SfuCallValidationTests
{
    [OneTimeSetUp]
    public Task InstallAsync() => NodeSocketClients.EnsureInstalledAsync();

    [Test]
    public async Task Unknown_via_is_VALIDATION001_and_sfu_without_an_engine_is_MEDIA001_with_nothing_ringing()
    {
        // Port 1 on loopback: nothing listens, so no engine ever becomes healthy.
        await using var f = await SignalingFixture.StartAsync(new() { ["MEDIA_ENGINES"] = "http://127.0.0.1:1" });
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);

        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "turn" }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = 1 }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "SFU" }), "VALIDATION001");
        // Peer to peer still needs its offer, whether via is absent or says so.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "p2p" }), "VALIDATION001");
        var noEngine = await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "sfu" });
        SignalingFixture.AssertError(noEngine, "MEDIA001");
        Assert.That((await f.Clients.WaitForAsync("a", "call-error"))!["code"]!.GetValue<string>(), Is.AnyOf("VALIDATION001", "MEDIA001"));
        Assert.That(await f.Clients.ReceivedWithinAsync("b", "incoming-call", 0.5), Is.False, "a refused call does not ring");

        await TestApp.AssertErrorAsync(await f.App.PostAsync("/api/calls/initiate", new { targetUserId = b.UserId, callType = "video", via = "mesh" }, a.Token), 400, "VALIDATION001");
        await TestApp.AssertErrorAsync(await f.App.PostAsync("/api/calls/initiate", new { targetUserId = b.UserId, callType = "video", via = "sfu" }, a.Token), 503, "MEDIA001");
        var history = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/calls/history", a.Token));
        Assert.That(history.GetProperty("calls").GetArrayLength(), Is.Zero, "refused calls leave no history row");

        // via "p2p" with an offer is the seed's call.
        var ack = await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "p2p", offer = SignalingFixture.Offer });
        Assert.That(ack?["success"]?.GetValue<bool>(), Is.True, ack?.ToJsonString());
        var incoming = await f.Clients.WaitForAsync("b", "incoming-call");
        Assert.That(incoming!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "roomId", "callerId", "callerName", "callType", "offer" }), "no via on a peer-to-peer ring");
    }
}
