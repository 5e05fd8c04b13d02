using System.Text.Json.Nodes;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Rooms;
using Voip.ControlPlane.Tests.Media;
using Voip.ControlPlane.Tests.Signaling;

namespace Voip.ControlPlane.Tests.Rooms;

/// <summary>Steps the socket-level room tests share: the AOT engine behind a control plane, acked emits, answering subscriber offers.</summary>
public static class RoomSocketSteps
{
    /// <summary>The shipped engine and a control plane driving it (stats every second), once it has reached the engine.</summary>
    public static async Task<(MediaEngineProcess Engine, SignalingFixture Fixture)> StartAsync()
    {
        var engine = await MediaEngineProcess.StartAsync();
        var fixture = await SignalingFixture.StartAsync(new()
        {
            ["MEDIA_ENGINES"] = engine.Address,
            ["MEDIA_ENGINE_POLL_INTERVAL"] = "1s",
            ["ROOM_STATS_INTERVAL"] = "1s",
        });
        Assert.That(await fixture.Service<MediaEngineRegistry>().WaitHealthyAsync(TimeSpan.FromSeconds(10)), Is.True, "the control plane never reached the engine");
        return (engine, fixture);
    }

    /// <summary>Emits and asserts a successful ack.</summary>
    public static async Task<JsonNode> OkAsync(SignalingFixture f, string socket, string eventName, object payload)
    {
        var ack = await f.Clients.EmitAsync(socket, eventName, payload);
        Assert.That(ack?["success"]?.GetValue<bool>(), Is.True, $"{eventName}: {ack?.ToJsonString()}");
        return ack!;
    }

    /// <summary>Waits for a subscriber offer for <paramref name="roomId"/>, answers it as Chromium would; returns the offer SDP.</summary>
    public static async Task<string> AnswerOfferAsync(SignalingFixture f, string socket, string roomId)
    {
        var offer = await f.Clients.WaitForAsync(socket, RoomEvents.SubscriberOffer);
        Assert.That(offer!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
        Assert.That(offer["offer"]!["type"]!.GetValue<string>(), Is.EqualTo("offer"));
        var sdp = offer["offer"]!["sdp"]!.GetValue<string>();
        await OkAsync(f, socket, RoomEvents.SubscriberAnswer, new { roomId, answer = new { type = "answer", sdp = SubscriberAnswers.AnswerTo(sdp) } });
        return sdp;
    }
}
