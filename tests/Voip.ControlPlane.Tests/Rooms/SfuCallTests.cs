using System.Text.Json;
using System.Text.Json.Nodes;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Rooms;
using Voip.ControlPlane.Tests.Media;
using Voip.ControlPlane.Tests.Signaling;
using Voip.ControlPlane.Tests.Support;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>
/// 1:1 calls through the engine (<c>via: "sfu"</c>) at the socket level: the npm socket.io-client for both users,
/// the real AOT engine, Chromium's captured publish offer and Chromium-shaped subscriber answers. The call rings,
/// is answered and ends as a peer-to-peer call does; its media runs through a two-person room whose engine objects
/// are checked over gRPC.
/// </summary>
[Category("Interop")]
[Parallelizable(ParallelScope.All)]
public sealed class SfuCallTests
{
    [OneTimeSetUp]
    public Task InstallAsync() => NodeSocketClients.EnsureInstalledAsync();

    private static Task<(MediaEngineProcess Engine, SignalingFixture Fixture)> StartAsync() => RoomSocketSteps.StartAsync();

    private static Task<JsonNode> OkAsync(SignalingFixture f, string socket, string eventName, object payload) => RoomSocketSteps.OkAsync(f, socket, eventName, payload);

    /// <summary>Answers the next subscriber offer, which must carry <paramref name="publisherId"/>'s two tracks.</summary>
    private static async Task AnswerOfferAsync(SignalingFixture f, string socket, string roomId, string publisherId)
    {
        var sdp = await RoomSocketSteps.AnswerOfferAsync(f, socket, roomId);
        Assert.That(sdp.Split("\r\n").Count(l => l.StartsWith($"a=msid:{publisherId} ", StringComparison.Ordinal)), Is.EqualTo(2), sdp);
    }

    private static Task<V1.EngineInfo> InfoAsync(MediaEngineProcess engine) => engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest()).ResponseAsync;

    /// <summary>A calls B through the engine; B accepts. Returns the call id (= the room id).</summary>
    private static async Task<string> EstablishAsync(SignalingFixture f, Session a, Session b)
    {
        var ack = await OkAsync(f, "a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "sfu" });
        var callId = ack["roomId"]!.GetValue<string>();
        var incoming = await f.Clients.WaitForAsync("b", "incoming-call");
        Assert.That(incoming!["roomId"]!.GetValue<string>(), Is.EqualTo(callId));
        Assert.That(incoming["via"]!.GetValue<string>(), Is.EqualTo("sfu"));
        Assert.That(incoming["offer"], Is.Null, "no SDP rings through the engine");
        Assert.That(incoming["callerId"]!.GetValue<string>(), Is.EqualTo(a.UserId));

        var accept = await OkAsync(f, "b", "accept-call", new { roomId = callId });
        Assert.That(accept["via"]!.GetValue<string>(), Is.EqualTo("sfu"));
        var accepted = await f.Clients.WaitForAsync("a", "call-accepted");
        Assert.That(accepted!["roomId"]!.GetValue<string>(), Is.EqualTo(callId));
        Assert.That(accepted["via"]!.GetValue<string>(), Is.EqualTo("sfu"));
        return callId;
    }

    /// <summary>
    /// One quality sampling round's scores for a member of the call's room, as the stats sampler adds them (the
    /// test peers' answers carry no real DTLS/RTP, so the engine has no receiver reports to score here).
    /// </summary>
    private static void Sample(SignalingFixture f, string callId, string userId, double? audio, double? video)
    {
        var member = f.Service<RoomService>().Find(callId)!.Members[userId];
        lock (member)
        {
            member.SessionEntry!.Quality.Add(audio, video);
        }
    }

    /// <summary>GET /api/calls/{id}: the seed's quality{} and each participant's quality.</summary>
    private static async Task<JsonElement> DetailAsync(SignalingFixture f, Session who, string callId)
    {
        var response = await f.App.GetAsync("/api/calls/" + callId, who.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return await TestApp.ReadJsonAsync(response);
    }

    /// <summary>A quality{} object is (audio, video, issues), the means to 2 decimals.</summary>
    private static void AssertQuality(JsonElement quality, double? audio, double? video, int issues, string because)
    {
        foreach (var (name, expected) in new[] { ("avgAudioQuality", audio), ("avgVideoQuality", video) })
        {
            var value = quality.GetProperty(name);
            if (expected is { } e)
            {
                Assert.That(value.GetDouble(), Is.EqualTo(e).Within(0.001), $"{name}: {because}");
            }
            else
            {
                Assert.That(value.ValueKind, Is.EqualTo(JsonValueKind.Null), $"{name}: {because}");
            }
        }

        Assert.That(quality.GetProperty("connectionIssues").GetInt32(), Is.EqualTo(issues), because);
    }

    [Test]
    public async Task Sfu_call_rings_is_accepted_both_sides_publish_and_subscribe_and_end_call_closes_the_router()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var a = await f.App.RegisterAsync("Alice");
        var b = await f.App.RegisterAsync("Bob");
        var c = await f.App.RegisterAsync("Carol");
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        await f.Clients.ConnectOkAsync("c", f.Url, c.Token);

        var callId = await EstablishAsync(f, a, b);
        Assert.That((await InfoAsync(engine)).Routers, Is.EqualTo(1u), "the accept placed the call's router");
        var ringing = await f.HistoryEntryAsync(a, callId);
        Assert.That(ringing.GetProperty("status").GetString(), Is.EqualTo("active"));

        // Both join the call's room (room id = call id), publish, and receive each other through the engine.
        var joinA = await OkAsync(f, "a", RoomEvents.Join, new { roomId = callId });
        Assert.That(joinA["participants"]!.AsArray().Select(p => p!["userId"]!.GetValue<string>()), Is.EqualTo(new[] { a.UserId }));
        await OkAsync(f, "b", RoomEvents.Join, new { roomId = callId });
        var published = await OkAsync(f, "a", RoomEvents.Publish, new { roomId = callId, offer = new { type = "offer", sdp = SubscriberAnswers.PublishOffer } });
        Assert.That(published["answer"]!["sdp"]!.GetValue<string>(), Does.Contain("a=ice-lite"));
        await AnswerOfferAsync(f, "b", callId, a.UserId);
        await OkAsync(f, "b", RoomEvents.Publish, new { roomId = callId, offer = SubscriberAnswers.PublishOffer });
        await AnswerOfferAsync(f, "a", callId, b.UserId);
        var info = await InfoAsync(engine);
        Assert.That((info.Routers, info.Transports, info.Producers, info.Consumers), Is.EqualTo((1u, 4u, 4u, 4u)));

        // The call's room is private: not listed, and a third user cannot join it.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("c", RoomEvents.Join, new { roomId = callId }), "AUTH003");
        var list = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/rooms", c.Token));
        Assert.That(list.GetProperty("rooms").GetArrayLength(), Is.Zero, list.ToString());
        await TestApp.AssertErrorAsync(await f.App.GetAsync("/api/rooms/" + callId, c.Token), 404, "NOTFOUND001");
        var mine = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/rooms/" + callId, b.Token));
        Assert.That(mine.GetProperty("participants").GetArrayLength(), Is.EqualTo(2));
        var aliceAudio = f.Service<RoomService>().Find(callId)!.Members[a.UserId].Producers["audio"];

        // Muting pauses A's producer in the engine, and B hears the seed's toggle-audio as in a peer-to-peer call.
        await OkAsync(f, "a", "toggle-audio", new { roomId = callId, enabled = false });
        var toggled = await f.Clients.WaitForAsync("b", "toggle-audio");
        Assert.That((toggled!["roomId"]!.GetValue<string>(), toggled["userId"]!.GetValue<string>(), toggled["enabled"]!.GetValue<bool>()), Is.EqualTo((callId, a.UserId, false)));
        Assert.That((await f.Clients.WaitForAsync("b", RoomEvents.MediaState))!["audioEnabled"]!.GetValue<bool>(), Is.False);
        Assert.That((await engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = aliceAudio })).Paused, Is.True);

        // The room's members are sampled as in a group room (ROOM_STATS_INTERVAL): A's rounds sound good, B's
        // drop once below the issue threshold and recover (one connection issue).
        Sample(f, callId, a.UserId, 4.4, 4.0);
        Sample(f, callId, a.UserId, 4.0, 3.8);
        Sample(f, callId, b.UserId, 4.0, 3.0);
        Sample(f, callId, b.UserId, 2.0, null);
        Sample(f, callId, b.UserId, 3.0, 3.2);

        // A hangs up 42 s after the accept: B is told, the engine's router (and everything on it) is gone.
        f.App.Time.Advance(TimeSpan.FromSeconds(42));
        await OkAsync(f, "a", "end-call", new { roomId = callId });
        var ended = await f.Clients.WaitForAsync("b", "call-ended");
        Assert.That((ended!["reason"]!.GetValue<string>(), ended["status"]!.GetValue<string>()), Is.EqualTo(("hangup", "completed")));
        info = await InfoAsync(engine);
        Assert.That((info.Routers, info.Transports, info.Producers, info.Consumers), Is.EqualTo((0u, 0u, 0u, 0u)));
        Assert.That(f.Service<RoomService>().Find(callId), Is.Null);
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b", RoomEvents.Join, new { roomId = callId }), "NOTFOUND001");

        // One history row per call: the 1:1 call, completed, with its duration, in both histories.
        foreach (var who in new[] { a, b })
        {
            var entry = await f.HistoryEntryAsync(who, callId);
            Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(entry.GetProperty("duration").GetInt32(), Is.EqualTo(42));
            Assert.That(entry.GetProperty("callType").GetString(), Is.EqualTo("video"));
            Assert.That(entry.GetProperty("callerId").GetProperty("id").GetString(), Is.EqualTo(a.UserId));
            Assert.That(entry.GetProperty("calleeId").GetProperty("id").GetString(), Is.EqualTo(b.UserId));
            var history = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/calls/history", who.Token));
            Assert.That(history.GetProperty("calls").GetArrayLength(), Is.EqualTo(1), "the room wrote no row of its own");

            // The call's row carries the room's quality: per participant (means of their rounds) and for the call
            // (means of the participants' means, issues summed), written with the end status.
            var detail = await DetailAsync(f, who, callId);
            Assert.That((detail.GetProperty("status").GetString(), detail.GetProperty("duration").GetInt32()), Is.EqualTo(("completed", 42)), detail.ToString());
            AssertQuality(detail.GetProperty("quality"), 3.6, 3.5, 1, detail.ToString());
            var participants = detail.GetProperty("participants").EnumerateArray().ToDictionary(p => p.GetProperty("user").GetProperty("id").GetString()!);
            Assert.That(participants.Keys, Is.EquivalentTo(new[] { a.UserId, b.UserId }), detail.ToString());
            AssertQuality(participants[a.UserId].GetProperty("quality"), 4.2, 3.9, 0, detail.ToString());
            AssertQuality(participants[b.UserId].GetProperty("quality"), 3.0, 3.1, 1, detail.ToString());
        }
    }

    [Test]
    public async Task Rejected_sfu_calls_place_no_router_and_initiate_rings_every_tab_with_via_until_one_accepts()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);

        var first = (await OkAsync(f, "a", "call-user", new { targetUserId = b.UserId, callType = "audio", via = "sfu", offer = SignalingFixture.Offer }))["roomId"]!.GetValue<string>();
        Assert.That((await f.Clients.WaitForAsync("b", "incoming-call"))!["offer"], Is.Null, "an offer is ignored through the engine");
        await OkAsync(f, "b", "reject-call", new { roomId = first });
        Assert.That((await f.Clients.WaitForAsync("a", "call-rejected"))!["roomId"]!.GetValue<string>(), Is.EqualTo(first));
        Assert.That((await f.HistoryEntryAsync(a, first)).GetProperty("status").GetString(), Is.EqualTo("rejected"));

        // POST /api/calls/initiate {via: "sfu"} rings the callee's socket with via, and its accept opens the room.
        var response = await f.App.PostAsync("/api/calls/initiate", new { targetUserId = b.UserId, callType = "video", via = "sfu" }, a.Token);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        var second = (await TestApp.ReadJsonAsync(response)).GetProperty("callId").GetString()!;
        var incoming = await f.Clients.WaitForAsync("b", "incoming-call");
        Assert.That((incoming!["roomId"]!.GetValue<string>(), incoming["via"]!.GetValue<string>()), Is.EqualTo((second, "sfu")));
        Assert.That((await InfoAsync(engine)).Routers, Is.Zero, "nothing is placed while it rings");

        // Multi-tab: a tab of B that comes online while it rings rings too (with via); the first accept wins.
        await f.Clients.ConnectOkAsync("b2", f.Url, b.Token);
        var ringsToo = await f.Clients.WaitForAsync("b2", "incoming-call");
        Assert.That((ringsToo!["roomId"]!.GetValue<string>(), ringsToo["via"]!.GetValue<string>()), Is.EqualTo((second, "sfu")));
        await OkAsync(f, "b2", "accept-call", new { roomId = second });
        Assert.That((await f.Clients.WaitForAsync("b", "call-answered-elsewhere"))!["roomId"]!.GetValue<string>(), Is.EqualTo(second));
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b", "accept-call", new { roomId = second }), "CALL003");
        Assert.That((await InfoAsync(engine)).Routers, Is.EqualTo(1u), "one room for the call");
        await OkAsync(f, "b2", RoomEvents.Join, new { roomId = second });
        await OkAsync(f, "b2", "end-call", new { roomId = second });
        Assert.That((await InfoAsync(engine)).Routers, Is.Zero);
        Assert.That((await f.HistoryEntryAsync(b, second)).GetProperty("status").GetString(), Is.EqualTo("completed"));
    }

    [Test]
    public async Task Killing_the_engine_ends_the_sfu_call_as_failed_with_MEDIA001()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var callId = await EstablishAsync(f, a, b);
        await OkAsync(f, "a", RoomEvents.Join, new { roomId = callId });
        await OkAsync(f, "b", RoomEvents.Join, new { roomId = callId });
        await OkAsync(f, "a", RoomEvents.Publish, new { roomId = callId, offer = SubscriberAnswers.PublishOffer });
        await AnswerOfferAsync(f, "b", callId, a.UserId);

        Sample(f, callId, a.UserId, 4.4, null);
        Sample(f, callId, b.UserId, 1.8, null);

        var killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        engine.Kill();
        foreach (var socket in new[] { "a", "b" })
        {
            var roomEnded = await f.Clients.WaitForAsync(socket, RoomEvents.Ended, seconds: 5);
            Assert.That((roomEnded!["code"]!.GetValue<string>(), roomEnded["callId"]!.GetValue<string>()), Is.EqualTo(("MEDIA001", callId)));
            var ended = await f.Clients.WaitForAsync(socket, "call-ended", seconds: 5);
            Assert.That((ended!["roomId"]!.GetValue<string>(), ended["status"]!.GetValue<string>(), ended["reason"]!.GetValue<string>()), Is.EqualTo((callId, "failed", "media-lost")));
            var error = await f.Clients.WaitForAsync(socket, "call-error", seconds: 5);
            Assert.That(error!["code"]!.GetValue<string>(), Is.EqualTo("MEDIA001"));
        }

        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(killedAt), Is.LessThan(TimeSpan.FromSeconds(5)));
        foreach (var who in new[] { a, b })
        {
            Assert.That((await f.HistoryEntryAsync(who, callId)).GetProperty("status").GetString(), Is.EqualTo("failed"));
            var detail = await DetailAsync(f, who, callId);
            AssertQuality(detail.GetProperty("quality"), 3.1, null, 1, "the quality until the loss is kept: " + detail);
            Assert.That(detail.GetProperty("participants").GetArrayLength(), Is.EqualTo(2), detail.ToString());
        }

        // Both are free again, and with no engine a new call through it is refused up front.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "sfu" }), "MEDIA001");
    }

    [Test]
    public async Task Accepting_after_the_engine_is_lost_fails_the_call_with_MEDIA001_on_both_sides()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var a = await f.App.RegisterAsync();
        var b = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, a.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, b.Token);
        var callId = (await OkAsync(f, "a", "call-user", new { targetUserId = b.UserId, callType = "video", via = "sfu" }))["roomId"]!.GetValue<string>();
        await f.Clients.WaitForAsync("b", "incoming-call");

        engine.Kill();
        var registry = f.Service<MediaEngineRegistry>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (registry.Engines.Any(e => e.Healthy) && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        SignalingFixture.AssertError(await f.Clients.EmitAsync("b", "accept-call", new { roomId = callId }), "MEDIA001");
        var ended = await f.Clients.WaitForAsync("a", "call-ended");
        Assert.That((ended!["status"]!.GetValue<string>(), ended["reason"]!.GetValue<string>()), Is.EqualTo(("failed", "media-unavailable")));
        Assert.That((await f.Clients.WaitForAsync("a", "call-error"))!["code"]!.GetValue<string>(), Is.EqualTo("MEDIA001"));
        Assert.That((await f.HistoryEntryAsync(b, callId)).GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(f.Service<RoomService>().Find(callId), Is.Null, "no room is left behind");
    }
}
