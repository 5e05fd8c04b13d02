using System.Text.Json;
using Voip.ControlPlane.Signaling;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>The seed's socket events (§4.1.3) and the call lifecycle, driven by the real npm socket.io-client.</summary>
[Category("Interop")]
[Parallelizable(ParallelScope.All)]
public class SignalingCallTests
{
    [OneTimeSetUp]
    public Task InstallAsync() => NodeSocketClients.EnsureInstalledAsync();

    [Test]
    public async Task Connect_WithValidToken_Succeeds_AndWithoutOrWithBadToken_IsRefusedWithAuthCodes()
    {
        await using var f = await SignalingFixture.StartAsync(new() { ["JWT_EXPIRES_IN"] = "15m" });
        var user = await f.App.RegisterAsync();
        var sid = await f.Clients.ConnectOkAsync("ok", f.Url, user.Token);
        Assert.That(sid, Has.Length.GreaterThan(10));

        var missing = await f.Clients.ConnectAsync("missing", f.Url, null);
        Assert.That(missing["ok"]!.GetValue<bool>(), Is.False);
        Assert.That(missing["error"]!["data"]!["code"]!.GetValue<string>(), Is.EqualTo("AUTH001"));

        var forged = await f.Clients.ConnectAsync("forged", f.Url, user.Token[..^4] + "AAAA");
        Assert.That(forged["error"]!["data"]!["code"]!.GetValue<string>(), Is.EqualTo("AUTH001"));

        var other = await f.App.RegisterAsync();
        Assert.That((int)(await f.App.SendAsync(HttpMethod.Post, "/api/auth/logout", null, other.Token)).StatusCode, Is.EqualTo(200));
        var revoked = await f.Clients.ConnectAsync("revoked", f.Url, other.Token);
        Assert.That(revoked["error"]!["data"]!["code"]!.GetValue<string>(), Is.EqualTo("AUTH001"));
        Assert.That(revoked["error"]!["message"]!.GetValue<string>(), Does.Contain("revoked"));

        f.App.Time.Advance(TimeSpan.FromMinutes(20));
        var expired = await f.Clients.ConnectAsync("expired", f.Url, user.Token);
        Assert.That(expired["error"]!["data"]!["code"]!.GetValue<string>(), Is.EqualTo("AUTH002"));
        Assert.That(f.Service<SignalingCounters>().RefusedConnects, Is.EqualTo(4));
    }

    [Test]
    public async Task FullCall_OfferAnswerIceAndTogglesPassThrough_AndEndsCompletedInBothHistories()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync("Alice");
        var b = await f.App.RegisterAsync("Bob");
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);

        var ack = await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", offer = SignalingFixture.Offer });
        var roomId = ack!["roomId"]!.GetValue<string>();
        var incoming = await f.Clients.WaitForAsync("b", "incoming-call");
        Assert.That(incoming!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "roomId", "callerId", "callerName", "callType", "offer" }));
        Assert.That(incoming["callerName"]!.GetValue<string>(), Is.EqualTo("Alice"));
        Assert.That(incoming["callType"]!.GetValue<string>(), Is.EqualTo("video"));
        Assert.That(incoming["offer"]!.ToJsonString(), Is.EqualTo(JsonSerializer.SerializeToNode(SignalingFixture.Offer)!.ToJsonString()));

        Assert.That((await f.Clients.EmitAsync("b", "accept-call", new { roomId, answer = SignalingFixture.Answer }))!["success"]!.GetValue<bool>(), Is.True);
        var accepted = await f.Clients.WaitForAsync("a", "call-accepted");
        Assert.That(accepted!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
        Assert.That(accepted["answer"]!.ToJsonString(), Is.EqualTo(JsonSerializer.SerializeToNode(SignalingFixture.Answer)!.ToJsonString()));

        var candidate = new { candidate = "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid = "0", sdpMLineIndex = 0 };
        await f.Clients.EmitAsync("a", "ice-candidate", new { targetUserId = b.UserId, candidate, roomId });
        var atB = await f.Clients.WaitForAsync("b", "ice-candidate");
        Assert.That(atB!["candidate"]!.ToJsonString(), Is.EqualTo(JsonSerializer.SerializeToNode(candidate)!.ToJsonString()));
        Assert.That(atB["fromUserId"]!.GetValue<string>(), Is.EqualTo(a.UserId));
        await f.Clients.EmitAsync("b", "ice-candidate", new { targetUserId = a.UserId, candidate = "candidate:2 1 udp 1 127.0.0.1 50001 typ host", roomId });
        Assert.That((await f.Clients.WaitForAsync("a", "ice-candidate"))!["candidate"]!.GetValue<string>(), Does.StartWith("candidate:2"));

        await f.Clients.EmitAsync("a", "toggle-audio", new { roomId, enabled = false });
        var toggled = await f.Clients.WaitForAsync("b", "toggle-audio");
        Assert.That(toggled!["enabled"]!.GetValue<bool>(), Is.False);
        Assert.That(toggled["userId"]!.GetValue<string>(), Is.EqualTo(a.UserId));
        await f.Clients.EmitAsync("b", "toggle-video", new { roomId, enabled = true });
        Assert.That((await f.Clients.WaitForAsync("a", "toggle-video"))!["enabled"]!.GetValue<bool>(), Is.True);

        f.App.Time.Advance(TimeSpan.FromSeconds(42));
        Assert.That((await f.Clients.EmitAsync("a", "end-call", new { roomId }))!["success"]!.GetValue<bool>(), Is.True);
        var ended = await f.Clients.WaitForAsync("b", "call-ended");
        Assert.That(ended!["reason"]!.GetValue<string>(), Is.EqualTo("hangup"));
        Assert.That(ended["status"]!.GetValue<string>(), Is.EqualTo("completed"));

        foreach (var who in new[] { a, b })
        {
            var entry = await f.HistoryEntryAsync(who, roomId);
            Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(entry.GetProperty("duration").GetInt32(), Is.EqualTo(42));
            Assert.That(entry.GetProperty("callType").GetString(), Is.EqualTo("video"));
            Assert.That(entry.GetProperty("callerId").GetProperty("id").GetString(), Is.EqualTo(a.UserId));
            Assert.That(entry.GetProperty("calleeId").GetProperty("id").GetString(), Is.EqualTo(b.UserId));
        }

        var detail = await Support.TestApp.ReadJsonAsync(await f.App.GetAsync($"/api/calls/{roomId}", b.Token));
        Assert.That(detail.GetProperty("endTime").GetString(), Is.Not.Null);

        // After the end the room is closed: relaying into it is refused.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "ice-candidate", new { targetUserId = b.UserId, candidate, roomId }), "CALL003");
    }

    /// <summary>Ringing is not talk time: the history's start time is the accept, and duration = end − accept.</summary>
    [Test]
    public async Task AcceptedCall_StartsAtTheAccept_NotTheRing_InBothHistoryRows()
    {
        await using var f = await SignalingFixture.StartAsync(new() { ["CALL_RING_TIMEOUT"] = "60s" });
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var roomId = await f.RingAsync(a, b);
        var ringing = await Support.TestApp.ReadJsonAsync(await f.App.GetAsync($"/api/calls/{roomId}", a.Token));
        var rangAt = ringing.GetProperty("startTime").GetDateTimeOffset();

        f.App.Time.Advance(TimeSpan.FromSeconds(20));
        var acceptedAt = f.App.Time.GetUtcNow();
        Assert.That((await f.Clients.EmitAsync("b", "accept-call", new { roomId, answer = SignalingFixture.Answer }))!["success"]!.GetValue<bool>(), Is.True);
        await f.Clients.WaitForAsync("a", "call-accepted");
        var active = await Support.TestApp.ReadJsonAsync(await f.App.GetAsync($"/api/calls/{roomId}", a.Token));
        Assert.That(active.GetProperty("status").GetString(), Is.EqualTo("active"));
        Assert.That(active.GetProperty("startTime").GetDateTimeOffset(), Is.EqualTo(acceptedAt));
        Assert.That(acceptedAt - rangAt, Is.EqualTo(TimeSpan.FromSeconds(20)));

        f.App.Time.Advance(TimeSpan.FromSeconds(33));
        await f.Clients.EmitAsync("a", "end-call", new { roomId });
        await f.Clients.WaitForAsync("b", "call-ended");
        foreach (var who in new[] { a, b })
        {
            var entry = await f.HistoryEntryAsync(who, roomId);
            Assert.That(entry.GetProperty("startTime").GetDateTimeOffset(), Is.EqualTo(acceptedAt));
            Assert.That(entry.GetProperty("duration").GetInt32(), Is.EqualTo(33));
            Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("completed"));
        }

        var ended = await Support.TestApp.ReadJsonAsync(await f.App.GetAsync($"/api/calls/{roomId}", b.Token));
        Assert.That(ended.GetProperty("endTime").GetDateTimeOffset() - ended.GetProperty("startTime").GetDateTimeOffset(), Is.EqualTo(TimeSpan.FromSeconds(33)));

        // A call that was never answered keeps its ring time and lasts 0 s.
        var missed = await f.RingAsync(a, b);
        var missedStart = (await Support.TestApp.ReadJsonAsync(await f.App.GetAsync($"/api/calls/{missed}", a.Token))).GetProperty("startTime").GetDateTimeOffset();
        f.App.Time.Advance(TimeSpan.FromSeconds(5));
        await f.Clients.EmitAsync("a", "end-call", new { roomId = missed });
        var missedEntry = await f.HistoryEntryAsync(b, missed);
        Assert.That(missedEntry.GetProperty("startTime").GetDateTimeOffset(), Is.EqualTo(missedStart));
        Assert.That(missedEntry.GetProperty("duration").GetInt32(), Is.EqualTo(0));
        Assert.That(missedEntry.GetProperty("status").GetString(), Is.EqualTo("missed"));
    }

    [Test]
    public async Task Reject_TellsTheCaller_AndIsRecordedRejected()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var roomId = await f.RingAsync(a, b);

        // The caller cannot reject its own call (it ends it instead).
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "reject-call", new { roomId, reason = "x" }), "AUTH003");
        Assert.That((await f.Clients.EmitAsync("b", "reject-call", new { roomId, reason = "busy in a meeting" }))!["success"]!.GetValue<bool>(), Is.True);
        var rejected = await f.Clients.WaitForAsync("a", "call-rejected");
        Assert.That(rejected!["reason"]!.GetValue<string>(), Is.EqualTo("busy in a meeting"));
        Assert.That((await f.HistoryEntryAsync(a, roomId)).GetProperty("status").GetString(), Is.EqualTo("rejected"));
        Assert.That((await f.HistoryEntryAsync(b, roomId)).GetProperty("duration").GetInt32(), Is.EqualTo(0));
    }

    [Test]
    public async Task NoAnswerWithinRingTimeout_IsMissed_AndBothSidesAreTold()
    {
        await using var f = await SignalingFixture.StartAsync(new() { ["CALL_RING_TIMEOUT"] = "800ms" });
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var roomId = await f.RingAsync(a, b);
        foreach (var side in new[] { "a", "b" })
        {
            var ended = await f.Clients.WaitForAsync(side, "call-ended", 5);
            Assert.That(ended!["reason"]!.GetValue<string>(), Is.EqualTo("missed"));
            Assert.That(ended["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
        }

        Assert.That((await f.HistoryEntryAsync(b, roomId)).GetProperty("status").GetString(), Is.EqualTo("missed"));
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b", "accept-call", new { roomId, answer = SignalingFixture.Answer }), "CALL003");
    }

    [Test]
    public async Task BusyAndOfflineCallees_AreRefusedWithCall002AndCall001_AsAckAndEvent()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        var c = await f.App.RegisterAsync();
        var offline = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        await f.Clients.ConnectOkAsync("c", f.Url, c.Token);
        await f.RingAsync(a, b);

        SignalingFixture.AssertError(await f.Clients.EmitAsync("c", "call-user", new { targetUserId = b.UserId, callType = "audio", offer = SignalingFixture.Offer }), "CALL002");
        Assert.That((await f.Clients.WaitForAsync("c", "call-error"))!["code"]!.GetValue<string>(), Is.EqualTo("CALL002"));
        SignalingFixture.AssertError(await f.Clients.EmitAsync("c", "call-user", new { targetUserId = offline.UserId, callType = "audio", offer = SignalingFixture.Offer }), "CALL001");
        Assert.That((await f.Clients.WaitForAsync("c", "call-error"))!["code"]!.GetValue<string>(), Is.EqualTo("CALL001"));
        SignalingFixture.AssertError(await f.Clients.EmitAsync("c", "call-user", new { targetUserId = "nope", callType = "audio", offer = SignalingFixture.Offer }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("c", "call-user", new { targetUserId = a.UserId, callType = "fax", offer = SignalingFixture.Offer }), "VALIDATION001");
        Assert.That(await f.Clients.ReceivedWithinAsync("b", "incoming-call", 0.3), Is.False, "b must ring only once");
    }

    [Test]
    public async Task ThirdUser_CannotInjectIceOrTogglesIntoSomeoneElsesCall()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        var mallory = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        await f.Clients.ConnectOkAsync("m", f.Url, mallory.Token);
        var roomId = await f.EstablishAsync(a, b);

        SignalingFixture.AssertError(await f.Clients.EmitAsync("m", "ice-candidate", new { targetUserId = b.UserId, candidate = "candidate:evil", roomId }), "AUTH003");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("m", "toggle-video", new { roomId, enabled = false }), "AUTH003");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("m", "end-call", new { roomId }), "AUTH003");
        // A participant cannot aim a candidate at a stranger either.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "ice-candidate", new { targetUserId = mallory.UserId, candidate = "candidate:x", roomId }), "AUTH003");
        Assert.That(await f.Clients.ReceivedWithinAsync("b", "ice-candidate", 0.3), Is.False);
        Assert.That(await f.Clients.ReceivedWithinAsync("m", "ice-candidate", 0.1), Is.False);
        Assert.That(f.Service<SignalingCounters>().Forbidden, Is.EqualTo(4));
    }

    [Test]
    public async Task MultiTab_AllTabsRing_FirstAcceptWins_OthersAreToldAnsweredElsewhere()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b1", f.Url, b.Token);
        await f.Clients.ConnectOkAsync("b2", f.Url, b.Token);
        var roomId = await f.RingAsync(a, b, to: "b1");
        Assert.That((await f.Clients.WaitForAsync("b2", "incoming-call"))!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));

        Assert.That((await f.Clients.EmitAsync("b2", "accept-call", new { roomId, answer = SignalingFixture.Answer }))!["success"]!.GetValue<bool>(), Is.True);
        Assert.That((await f.Clients.WaitForAsync("b1", "call-answered-elsewhere"))!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b1", "accept-call", new { roomId, answer = SignalingFixture.Answer }), "CALL003");
        await f.Clients.WaitForAsync("a", "call-accepted");

        // Only the answering tab gets the caller's candidates; the other tab cannot speak for the call.
        await f.Clients.EmitAsync("a", "ice-candidate", new { targetUserId = b.UserId, candidate = "candidate:1", roomId });
        await f.Clients.WaitForAsync("b2", "ice-candidate");
        Assert.That(await f.Clients.ReceivedWithinAsync("b1", "ice-candidate", 0.3), Is.False);
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b1", "ice-candidate", new { targetUserId = a.UserId, candidate = "candidate:9", roomId }), "AUTH003");
    }

    [Test]
    public async Task DroppedSide_ReconnectsWithinGrace_AndTakesTheCallOver()
    {
        await using var f = await SignalingFixture.StartAsync(new() { ["CALL_RECONNECT_GRACE"] = "5s" });
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var roomId = await f.EstablishAsync(a, b);

        await f.Clients.CloseAsync("b");
        Assert.That((await f.Clients.WaitForAsync("a", "peer-disconnected"))!["userId"]!.GetValue<string>(), Is.EqualTo(b.UserId));
        await f.Clients.ConnectOkAsync("b-again", f.Url, b.Token);
        var resumed = await f.Clients.WaitForAsync("b-again", "call-resumed");
        Assert.That(resumed!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
        Assert.That(resumed["peerId"]!.GetValue<string>(), Is.EqualTo(a.UserId));
        await f.Clients.WaitForAsync("a", "peer-reconnected");

        await f.Clients.EmitAsync("a", "ice-candidate", new { targetUserId = b.UserId, candidate = "candidate:after", roomId });
        Assert.That((await f.Clients.WaitForAsync("b-again", "ice-candidate"))!["candidate"]!.GetValue<string>(), Is.EqualTo("candidate:after"));
        Assert.That((await f.Clients.EmitAsync("b-again", "end-call", new { roomId }))!["success"]!.GetValue<bool>(), Is.True);
        Assert.That((await f.Clients.WaitForAsync("a", "call-ended"))!["reason"]!.GetValue<string>(), Is.EqualTo("hangup"));
    }

    [Test]
    public async Task DroppedSide_NotBackWithinGrace_EndsTheCallForThePeer()
    {
        await using var f = await SignalingFixture.StartAsync(new() { ["CALL_RECONNECT_GRACE"] = "700ms" });
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var roomId = await f.EstablishAsync(a, b);
        f.App.Time.Advance(TimeSpan.FromSeconds(7));
        await f.Clients.CloseAsync("b");

        var ended = await f.Clients.WaitForAsync("a", "call-ended", 5);
        Assert.That(ended!["reason"]!.GetValue<string>(), Is.EqualTo("peer-disconnected"));
        Assert.That(ended["endedBy"]!.GetValue<string>(), Is.EqualTo(b.UserId));
        var entry = await f.HistoryEntryAsync(a, roomId);
        Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(entry.GetProperty("duration").GetInt32(), Is.EqualTo(7));
    }

    [Test]
    public async Task RestInitiate_ReachesTheCalleesSocketsAsIncomingCall()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync("Caller Via Rest");
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var response = await Support.TestApp.ReadJsonAsync(await f.App.PostAsync("/api/calls/initiate", new { targetUserId = b.UserId, callType = "audio" }, a.Token));
        var callId = response.GetProperty("callId").GetString();
        var incoming = await f.Clients.WaitForAsync("b", "incoming-call");
        Assert.That(incoming!["roomId"]!.GetValue<string>(), Is.EqualTo(callId));
        Assert.That(incoming["callerName"]!.GetValue<string>(), Is.EqualTo("Caller Via Rest"));
        Assert.That(incoming["callType"]!.GetValue<string>(), Is.EqualTo("audio"));

        Assert.That((await f.Clients.EmitAsync("b", "reject-call", new { roomId = callId, reason = "no" }))!["success"]!.GetValue<bool>(), Is.True);
        Assert.That((await f.HistoryEntryAsync(a, callId!)).GetProperty("status").GetString(), Is.EqualTo("rejected"));
    }

    [Test]
    public async Task PresenceSubscribe_ReportsState_AndPushesOnlineAndOffline()
    {
        await using var f = await SignalingFixture.StartAsync();
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        var ack = await f.Clients.EmitAsync("a", "presence-subscribe", new { userIds = new[] { b.UserId, a.UserId } });
        Assert.That(ack!["presence"]![b.UserId]!.GetValue<bool>(), Is.False);
        Assert.That(ack["presence"]![a.UserId]!.GetValue<bool>(), Is.True);

        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var online = await f.Clients.WaitForAsync("a", "presence");
        Assert.That(online!["userId"]!.GetValue<string>(), Is.EqualTo(b.UserId));
        Assert.That(online["online"]!.GetValue<bool>(), Is.True);
        await f.Clients.CloseAsync("b");
        Assert.That((await f.Clients.WaitForAsync("a", "presence"))!["online"]!.GetValue<bool>(), Is.False);
    }
}
