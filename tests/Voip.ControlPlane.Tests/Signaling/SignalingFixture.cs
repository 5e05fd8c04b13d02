using System.Text.Json;
using System.Text.Json.Nodes;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>One control plane plus one Node process of socket.io-clients, per test.</summary>
public sealed class SignalingFixture : IAsyncDisposable
{
    private SignalingFixture(TestApp app, NodeSocketClients clients)
    {
        App = app;
        Clients = clients;
    }

    public TestApp App { get; }

    public NodeSocketClients Clients { get; }

    public Uri Url => App.Client.BaseAddress!;

    public static async Task<SignalingFixture> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["CALL_RING_TIMEOUT"] = "10s",
            ["CALL_RECONNECT_GRACE"] = "3s",
        };
        foreach (var (k, v) in settings ?? [])
        {
            config[k] = v;
        }

        var app = await TestApp.StartAsync(config);
        return new SignalingFixture(app, NodeSocketClients.Start());
    }

    public T Service<T>()
        where T : notnull => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(App.Services);

    /// <summary>A rings B (sockets "a" and "b"), B's socket sees incoming-call; returns the room id.</summary>
    public async Task<string> RingAsync(Session caller, Session callee, string from = "a", string to = "b", string callType = "video")
    {
        var ack = await Clients.EmitAsync(from, "call-user", new { targetUserId = callee.UserId, callType, offer = Offer });
        Assert.That(ack?["success"]?.GetValue<bool>(), Is.True, ack?.ToJsonString());
        var roomId = ack!["roomId"]!.GetValue<string>();
        var incoming = await Clients.WaitForAsync(to, "incoming-call");
        Assert.That(incoming!["roomId"]!.GetValue<string>(), Is.EqualTo(roomId));
        Assert.That(incoming["callerId"]!.GetValue<string>(), Is.EqualTo(caller.UserId));
        return roomId;
    }

    public async Task<string> EstablishAsync(Session caller, Session callee, string from = "a", string to = "b")
    {
        var roomId = await RingAsync(caller, callee, from, to);
        var ack = await Clients.EmitAsync(to, "accept-call", new { roomId, answer = Answer });
        Assert.That(ack?["success"]?.GetValue<bool>(), Is.True, ack?.ToJsonString());
        await Clients.WaitForAsync(from, "call-accepted");
        return roomId;
    }

    /// <summary>The call as it appears in <paramref name="who"/>'s GET /api/calls/history.</summary>
    public async Task<JsonElement> HistoryEntryAsync(Session who, string roomId)
    {
        var history = await TestApp.ReadJsonAsync(await App.GetAsync("/api/calls/history", who.Token));
        foreach (var call in history.GetProperty("calls").EnumerateArray())
        {
            if (call.GetProperty("callId").GetString() == roomId)
            {
                return call;
            }
        }

        Assert.Fail($"call {roomId} is not in the history of {who.UserId}: {history}");
        return default;
    }

    public static void AssertError(JsonNode? result, string code)
    {
        Assert.That(result?["success"]?.GetValue<bool>(), Is.False, result?.ToJsonString());
        Assert.That(result!["code"]!.GetValue<string>(), Is.EqualTo(code), result.ToJsonString());
    }

    public static readonly object Offer = new { type = "offer", sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=x-weird:\"quoted\" \\u00e9 <tag>\r\n" };

    public static readonly object Answer = new { type = "answer", sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" };

    public async ValueTask DisposeAsync()
    {
        await Clients.DisposeAsync();
        await App.DisposeAsync();
    }
}
