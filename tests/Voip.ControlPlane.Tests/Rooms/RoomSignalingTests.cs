using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Rooms;
using Voip.ControlPlane.Tests.Media;
using Voip.ControlPlane.Tests.Signaling;
using Voip.ControlPlane.Tests.Support;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>
/// Rooms end to end at the socket level: the npm socket.io-client for the users, the real AOT engine behind
/// the control plane, Chromium's captured publish offer, and answers shaped as Chromium's to the server's
/// subscriber offers (no media flows; everything the control plane asks the engine is real).
/// </summary>
[Category("Interop")]
[Parallelizable(ParallelScope.All)]
public sealed class RoomSignalingTests
{
    [OneTimeSetUp]
    public Task InstallAsync() => NodeSocketClients.EnsureInstalledAsync();

    private static Task<(MediaEngineProcess Engine, SignalingFixture Fixture)> StartAsync() => RoomSocketSteps.StartAsync();

    private static Task<JsonNode> OkAsync(SignalingFixture f, string socket, string eventName, object payload) => RoomSocketSteps.OkAsync(f, socket, eventName, payload);

    private static Task<string> AnswerOfferAsync(SignalingFixture f, string socket, string roomId) => RoomSocketSteps.AnswerOfferAsync(f, socket, roomId);

    private static RoomMember Member(SignalingFixture f, string roomId, string userId) =>
        f.Service<RoomService>().Find(roomId)!.Members[userId];

    [Test]
    public async Task Two_users_create_join_publish_subscribe_toggle_and_leave()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var alice = await f.App.RegisterAsync("Alice");
        var bob = await f.App.RegisterAsync("Bob");
        await f.Clients.ConnectOkAsync("a", f.Url, alice.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, bob.Token);

        var created = await OkAsync(f, "a", RoomEvents.Create, new { name = "Standup" });
        var roomId = created["roomId"]!.GetValue<string>();
        Assert.That(created["name"]!.GetValue<string>(), Is.EqualTo("Standup"));

        var joinA = await OkAsync(f, "a", RoomEvents.Join, new { roomId });
        Assert.That(joinA["participants"]!.AsArray().Select(p => p!["userId"]!.GetValue<string>()), Is.EqualTo(new[] { alice.UserId }));
        var joinB = await OkAsync(f, "b", RoomEvents.Join, new { roomId });
        var participants = joinB["participants"]!.AsArray();
        Assert.That(participants.Select(p => p!["userId"]!.GetValue<string>()), Is.EqualTo(new[] { alice.UserId, bob.UserId }));
        Assert.That(participants[0]!["name"]!.GetValue<string>(), Is.EqualTo("Alice"));
        Assert.That(participants[0]!["audioEnabled"]!.GetValue<bool>(), Is.True);
        var joined = await f.Clients.WaitForAsync("a", RoomEvents.ParticipantJoined);
        Assert.That(joined!["user"]!["userId"]!.GetValue<string>(), Is.EqualTo(bob.UserId));
        Assert.That(joined["user"]!["name"]!.GetValue<string>(), Is.EqualTo("Bob"));

        // REST shows both in the room.
        var rest = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/rooms/" + roomId, bob.Token));
        Assert.That(rest.GetProperty("participants").GetArrayLength(), Is.EqualTo(2));

        // Alice publishes Chromium's audio+video offer: answered, connected, two producers in the engine.
        var published = await OkAsync(f, "a", RoomEvents.Publish, new { roomId, offer = new { type = "offer", sdp = SubscriberAnswers.PublishOffer } });
        Assert.That(published["answer"]!["type"]!.GetValue<string>(), Is.EqualTo("answer"));
        var answer = published["answer"]!["sdp"]!.GetValue<string>();
        Assert.That(answer, Does.Contain("m=audio").And.Contain("m=video").And.Contain("a=ice-lite").And.Contain("a=recvonly"));
        var aliceMember = Member(f, roomId, alice.UserId);
        Assert.That(aliceMember.Producers.Keys, Is.EquivalentTo(new[] { "audio", "video" }));

        // Bob is offered Alice's two tracks, grouped by her user id (msid stream id), and answers.
        var offerToBob = await AnswerOfferAsync(f, "b", roomId);
        Assert.That(offerToBob.Split("\r\n").Count(l => l.StartsWith($"a=msid:{alice.UserId} ", StringComparison.Ordinal)), Is.EqualTo(2), offerToBob);
        Assert.That(offerToBob, Does.Contain("a=sendonly"));
        var bobMember = Member(f, roomId, bob.UserId);
        Assert.That(bobMember.Consumers, Has.Count.EqualTo(2));
        Assert.That(bobMember.SubscriberConnected, Is.True);
        foreach (var consumer in bobMember.Consumers.Values)
        {
            var stats = await engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId });
            Assert.That(stats.Paused, Is.False, "resumed after the answer");
        }

        // Bob publishes too: Alice gets her first subscriber offer, with Bob's tracks.
        await OkAsync(f, "b", RoomEvents.Publish, new { roomId, offer = SubscriberAnswers.PublishOffer });
        var offerToAlice = await AnswerOfferAsync(f, "a", roomId);
        Assert.That(offerToAlice, Does.Contain($"a=msid:{bob.UserId} "));
        Assert.That(offerToAlice, Does.Not.Contain($"a=msid:{alice.UserId} "), "nobody receives their own tracks");
        var info = await engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest());
        Assert.That((info.Producers, info.Consumers), Is.EqualTo((4u, 4u)));

        // Alice mutes: her audio producer pauses in the engine and Bob is told.
        var audioProducer = aliceMember.Producers["audio"];
        await OkAsync(f, "a", "toggle-audio", new { roomId, enabled = false });
        var state = await f.Clients.WaitForAsync("b", RoomEvents.MediaState);
        Assert.That(state!["userId"]!.GetValue<string>(), Is.EqualTo(alice.UserId));
        Assert.That(state["audioEnabled"]!.GetValue<bool>(), Is.False);
        Assert.That(state["videoEnabled"]!.GetValue<bool>(), Is.True);
        Assert.That((await engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = audioProducer })).Paused, Is.True);
        var videoProducer = aliceMember.Producers["video"];
        Assert.That((await engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = videoProducer })).Paused, Is.False);

        await OkAsync(f, "a", "toggle-audio", new { roomId, enabled = true });
        Assert.That((await f.Clients.WaitForAsync("b", RoomEvents.MediaState))!["audioEnabled"]!.GetValue<bool>(), Is.True);
        Assert.That((await engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = audioProducer })).Paused, Is.False);
        await OkAsync(f, "b", "toggle-video", new { roomId, enabled = false });
        Assert.That((await f.Clients.WaitForAsync("a", RoomEvents.MediaState))!["videoEnabled"]!.GetValue<bool>(), Is.False);

        // Bob leaves: Alice hears it and is renegotiated without his tracks; his objects are gone from the engine.
        await OkAsync(f, "b", RoomEvents.Leave, new { roomId });
        var left = await f.Clients.WaitForAsync("a", RoomEvents.ParticipantLeft);
        Assert.That(left!["userId"]!.GetValue<string>(), Is.EqualTo(bob.UserId));
        var afterLeave = await AnswerOfferAsync(f, "a", roomId);
        Assert.That(afterLeave, Does.Not.Contain("a=sendonly"), "Bob's sections are closed or inactive");
        info = await engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest());
        Assert.That((info.Producers, info.Consumers), Is.EqualTo((2u, 0u)));

        // Alice leaves: the session ends completed, in both histories, with both participants.
        await OkAsync(f, "a", RoomEvents.Leave, new { roomId });
        var entry = await f.HistoryEntryAsync(bob, (await OnlyRoomCallAsync(f, alice))!);
        Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(entry.GetProperty("callType").GetString(), Is.EqualTo("video"));
        var callId = entry.GetProperty("callId").GetString()!;
        var detail = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/calls/" + callId, bob.Token));
        Assert.That(detail.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("user").GetProperty("id").GetString()),
            Is.EqualTo(new[] { alice.UserId, bob.UserId }));
        Assert.That(detail.GetProperty("participants")[0].GetProperty("quality").GetProperty("connectionIssues").GetInt32(), Is.Zero);
        Assert.That(detail.TryGetProperty("endTime", out var end) && end.ValueKind == JsonValueKind.String, Is.True);
        Assert.That((await engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest())).Routers, Is.Zero, "the router is closed with the session");
    }

    private static async Task<string?> OnlyRoomCallAsync(SignalingFixture f, Session who)
    {
        var history = await TestApp.ReadJsonAsync(await f.App.GetAsync("/api/calls/history", who.Token));
        var calls = history.GetProperty("calls");
        Assert.That(calls.GetArrayLength(), Is.EqualTo(1), history.ToString());
        return calls[0].GetProperty("callId").GetString();
    }

    [Test]
    public async Task Killing_the_engine_ends_its_rooms_with_MEDIA001_and_a_failed_call()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var alice = await f.App.RegisterAsync("Alice");
        var bob = await f.App.RegisterAsync("Bob");
        await f.Clients.ConnectOkAsync("a", f.Url, alice.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, bob.Token);
        var roomId = (await OkAsync(f, "a", RoomEvents.Create, new { }))["roomId"]!.GetValue<string>();
        await OkAsync(f, "a", RoomEvents.Join, new { roomId });
        await OkAsync(f, "b", RoomEvents.Join, new { roomId });
        await OkAsync(f, "a", RoomEvents.Publish, new { roomId, offer = SubscriberAnswers.PublishOffer });
        await AnswerOfferAsync(f, "b", roomId);

        var killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        engine.Kill();
        foreach (var socket in new[] { "a", "b" })
        {
            var ended = await f.Clients.WaitForAsync(socket, RoomEvents.Ended, seconds: 5);
            Assert.That(ended!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
            Assert.That(ended["code"]!.GetValue<string>(), Is.EqualTo("MEDIA001"));
            Assert.That(ended["reason"]!.GetValue<string>(), Is.Not.Empty);
            var error = await f.Clients.WaitForAsync(socket, RoomEvents.Error, seconds: 1);
            Assert.That(error!["code"]!.GetValue<string>(), Is.EqualTo("MEDIA001"));
        }

        Assert.That(System.Diagnostics.Stopwatch.GetElapsedTime(killedAt), Is.LessThan(TimeSpan.FromSeconds(5)));
        var callId = await OnlyRoomCallAsync(f, alice);
        var entry = await f.HistoryEntryAsync(bob, callId!);
        Assert.That(entry.GetProperty("status").GetString(), Is.EqualTo("failed"));

        // The room is gone, and with no engine nothing new can start.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Join, new { roomId }), "NOTFOUND001");
        var other = (await OkAsync(f, "a", RoomEvents.Create, new { }))["roomId"]!.GetValue<string>();
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Join, new { roomId = other }), "MEDIA001");
        var roomError = await f.Clients.WaitForAsync("a", RoomEvents.Error);
        Assert.That(roomError!["code"]!.GetValue<string>(), Is.AnyOf("NOTFOUND001", "MEDIA001"));
    }

    [Test]
    public async Task Bad_requests_are_refused_in_the_ack_and_as_room_error()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var alice = await f.App.RegisterAsync();
        var bob = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, alice.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, bob.Token);
        var roomId = (await OkAsync(f, "a", RoomEvents.Create, new { }))["roomId"]!.GetValue<string>();

        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Join, new { roomId = "nope" }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Join, new { roomId = Guid.NewGuid().ToString() }), "NOTFOUND001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Publish, new { roomId, offer = SubscriberAnswers.PublishOffer }), "AUTH003");
        var error = await f.Clients.WaitForAsync("a", RoomEvents.Error);
        Assert.That(error!["message"]!.GetValue<string>(), Is.Not.Empty);

        await OkAsync(f, "a", RoomEvents.Join, new { roomId });
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Publish, new { roomId, offer = new { type = "offer", sdp = "v=0\r\nbogus" } }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.Publish, new { roomId, offer = 7 }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", RoomEvents.SubscriberAnswer, new { roomId, answer = "v=0\r\n" }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("a", "toggle-video", new { roomId, enabled = "no" }), "VALIDATION001");
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b", RoomEvents.Leave, new { roomId }), "AUTH003");
        Assert.That((await engine.Client.GetEngineInfoAsync(new V1.GetEngineInfoRequest())).Transports, Is.EqualTo(1u), "a failed publish leaves no transport behind");

        // A toggle with a call id that is not a room of the sender stays a 1:1 call event.
        SignalingFixture.AssertError(await f.Clients.EmitAsync("b", "toggle-audio", new { roomId, enabled = false }), "CALL003");
    }

    [Test]
    public async Task A_change_while_an_offer_is_outstanding_waits_for_its_answer()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var users = new[] { await f.App.RegisterAsync(), await f.App.RegisterAsync(), await f.App.RegisterAsync() };
        var sockets = new[] { "a", "b", "c" };
        for (var i = 0; i < 3; i++)
        {
            await f.Clients.ConnectOkAsync(sockets[i], f.Url, users[i].Token);
        }

        var roomId = (await OkAsync(f, "a", RoomEvents.Create, new { }))["roomId"]!.GetValue<string>();
        foreach (var s in sockets)
        {
            await OkAsync(f, s, RoomEvents.Join, new { roomId });
        }

        await OkAsync(f, "a", RoomEvents.Publish, new { roomId, offer = SubscriberAnswers.PublishOffer });
        var first = await f.Clients.WaitForAsync("b", RoomEvents.SubscriberOffer);
        Assert.That(first!["offer"]!["sdp"]!.GetValue<string>(), Does.Contain($"a=msid:{users[0].UserId} ").And.Not.Contain($"a=msid:{users[2].UserId} "));

        // C publishes while B still holds A's offer: B gets no second offer (no glare) …
        await OkAsync(f, "c", RoomEvents.Publish, new { roomId, offer = SubscriberAnswers.PublishOffer });
        Assert.That(await f.Clients.ReceivedWithinAsync("b", RoomEvents.SubscriberOffer, 1), Is.False, "two offers outstanding");
        Assert.That(f.Service<RoomService>().Find(roomId)!.Members[users[1].UserId].Dirty, Is.True);

        // … until it answers; then one offer carries A's tracks (same mids) and C's.
        var firstSdp = first["offer"]!["sdp"]!.GetValue<string>();
        await OkAsync(f, "b", RoomEvents.SubscriberAnswer, new { roomId, answer = SubscriberAnswers.AnswerTo(firstSdp) });
        var second = await AnswerOfferAsync(f, "b", roomId);
        Assert.That(second, Does.Contain($"a=msid:{users[0].UserId} ").And.Contain($"a=msid:{users[2].UserId} "));
        Assert.That(second.Split("\r\n").Count(l => l.StartsWith("m=", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(Mids(second).Take(2), Is.EqualTo(Mids(firstSdp)), "existing sections keep their mids and order");
        Assert.That(f.Service<RoomService>().Find(roomId)!.Members[users[1].UserId].Consumers, Has.Count.EqualTo(4));
    }

    private static IEnumerable<string> Mids(string sdp) =>
        sdp.Split("\r\n").Where(l => l.StartsWith("a=mid:", StringComparison.Ordinal)).Select(l => l[6..]);

    [Test]
    public async Task A_dropped_socket_leaves_its_room_after_the_grace_period()
    {
        var (engine, f) = await StartAsync();
        await using var _ = engine;
        await using var __ = f;
        var alice = await f.App.RegisterAsync();
        var bob = await f.App.RegisterAsync();
        await f.Clients.ConnectOkAsync("a", f.Url, alice.Token);
        await f.Clients.ConnectOkAsync("b", f.Url, bob.Token);
        var roomId = (await OkAsync(f, "a", RoomEvents.Create, new { }))["roomId"]!.GetValue<string>();
        await OkAsync(f, "a", RoomEvents.Join, new { roomId });
        await OkAsync(f, "b", RoomEvents.Join, new { roomId });

        await f.Clients.CloseAsync("b");
        await Task.Delay(300);
        Assert.That(f.Service<RoomService>().IsMember(roomId, bob.UserId), Is.True, "kept during the grace period");
        f.App.Time.Advance(TimeSpan.FromSeconds(4));
        var left = await f.Clients.WaitForAsync("a", RoomEvents.ParticipantLeft);
        Assert.That(left!["userId"]!.GetValue<string>(), Is.EqualTo(bob.UserId));
        Assert.That(left["reason"]!.GetValue<string>(), Is.EqualTo("disconnected"));
    }
}
