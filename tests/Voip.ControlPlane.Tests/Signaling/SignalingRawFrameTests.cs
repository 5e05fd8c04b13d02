using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.Signaling;
using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// The endpoint's defences, driven by a bare WebSocket that sends what socket.io-client never would: frames over
/// maxPayload, broken packets, a foreign Origin, the polling transport, a client that stops answering pings.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class SignalingRawFrameTests
{
    private static Task<TestApp> StartAsync(Dictionary<string, string?>? settings = null) =>
        TestApp.StartAsync(settings ?? new Dictionary<string, string?>());

    private static SignalingCounters Counters(TestApp app) => app.Services.GetRequiredService<SignalingCounters>();

    /// <summary>An event with an ack id, answered only by a socket that is still alive and in order.</summary>
    private static async Task AssertAliveAsync(RawEngineIoClient client, int ackId)
    {
        await client.SendAsync($"42{ackId}[\"presence-subscribe\",{{\"userIds\":[]}}]");
        var ack = await client.ReceiveMatchingAsync(f => f.StartsWith("43", StringComparison.Ordinal));
        Assert.That(ack, Is.EqualTo($"43{ackId}[{{\"success\":true,\"presence\":{{}}}}]"));
    }

    [Test]
    public async Task FrameOverMaxPayload_ClosesWith1009_AndOtherSocketsCarryOn()
    {
        await using var app = await StartAsync();
        var user = await app.RegisterAsync();
        await using var bystander = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, user.Token);
        await using var client = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, user.Token);

        // Exactly maxPayload (64 KiB) is still accepted: a valid event padded to the limit.
        var prefix = "42[\"unknown-event\",\"";
        var fits = prefix + new string('x', (64 * 1024) - prefix.Length - 2) + "\"]";
        Assert.That(Encoding.UTF8.GetByteCount(fits), Is.EqualTo(64 * 1024));
        await client.SendAsync(fits);
        await AssertAliveAsync(client, 1);
        Assert.That(Counters(app).UnknownEvents, Is.EqualTo(1));

        await client.SendAsync(prefix + new string('x', 70 * 1024) + "\"]");
        Assert.That(await client.ReceiveAsync(), Is.Null, "the server must close the socket");
        Assert.That(client.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        Assert.That(Counters(app).OversizedFrames, Is.EqualTo(1));
        await AssertAliveAsync(bystander, 2);
    }

    [Test]
    public async Task MalformedPackets_AreCountedAndIgnored_TheSocketAndItsNeighboursStayUsable()
    {
        await using var app = await StartAsync();
        var user = await app.RegisterAsync();
        await using var bystander = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, user.Token);
        await using var client = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, user.Token);

        string[] malformed =
        [
            "",                                 // empty frame
            "9",                                // unknown Engine.IO type
            "4",                                // message without a Socket.IO type
            "48[]",                             // unknown Socket.IO type
            "451-[\"x\",{\"_placeholder\":true,\"num\":0}]", // binary event: attachments are not served
            "42not json",                       // payload is not JSON
            "42[\"call-user\",{\"targetUserId\":",      // truncated JSON
            "42{\"event\":\"call-user\"}",      // JSON, but not an event array
            "42[]",                             // event array without a name
            "42[17,{}]",                        // event name not a string
            "42123456789012345678[\"x\"]",      // ack id too long
            "42/" + new string('n', 200) + ",[\"x\"]", // namespace too long
            "42/other,[\"x\"]",                 // event on a namespace never connected
            "40{\"token\":\"second connect\"}", // CONNECT again on a connected socket
        ];
        var before = Counters(app).MalformedFrames;
        foreach (var frame in malformed)
        {
            await client.SendAsync(frame);
        }

        await client.SendAsync([0x34, 0x32, 0x00, 0xFF], WebSocketMessageType.Binary);
        await AssertAliveAsync(client, 7);
        Assert.That(Counters(app).MalformedFrames - before, Is.EqualTo(malformed.Length + 1));

        // Well-formed but invalid payloads are validation errors (acked), not crashes.
        await client.SendAsync("428[\"call-user\",\"not an object\"]");
        Assert.That(await client.ReceiveMatchingAsync(f => f.StartsWith("438", StringComparison.Ordinal)), Does.Contain("VALIDATION001"));
        await client.SendAsync("429[\"ice-candidate\",{\"roomId\":\"../../etc\",\"candidate\":\"x\"}]");
        Assert.That(await client.ReceiveMatchingAsync(f => f.StartsWith("439", StringComparison.Ordinal)), Does.Contain("VALIDATION001"));
        await AssertAliveAsync(bystander, 10);

        // A CONNECT to another namespace is refused with CONNECT_ERROR, per the protocol.
        await client.SendAsync("40/admin,{}");
        Assert.That(await client.ReceiveMatchingAsync(f => f.StartsWith("44", StringComparison.Ordinal)), Is.EqualTo("44/admin,{\"message\":\"Invalid namespace\"}"));
    }

    [Test]
    public async Task EventsBeforeNamespaceConnect_AreCounted_AndTheConnectStillWorks()
    {
        await using var app = await StartAsync();
        var user = await app.RegisterAsync();
        await using var client = await RawEngineIoClient.ConnectAsync(app.Client.BaseAddress!);
        await client.SendAsync("421[\"call-user\",{}]");
        await client.SendAsync("40{\"token\":\"" + user.Token + "\"}");
        Assert.That(await client.ReceiveMatchingAsync(f => f.StartsWith("40", StringComparison.Ordinal)), Does.StartWith("40{\"sid\":"));
        Assert.That(Counters(app).MalformedFrames, Is.EqualTo(1));
        await AssertAliveAsync(client, 2);
    }

    [Test]
    public async Task ForeignOrigin_Is403_AllowedOriginAndNoOriginConnect()
    {
        await using var app = await StartAsync(new() { ["CORS_ORIGINS"] = "https://app.example.com" });
        using var evil = new ClientWebSocket();
        evil.Options.CollectHttpResponseDetails = true;
        evil.Options.SetRequestHeader("Origin", "https://evil.example.com");
        Assert.ThrowsAsync<WebSocketException>(() => evil.ConnectAsync(RawEngineIoClient.EndpointOf(app.Client.BaseAddress!), CancellationToken.None));
        Assert.That(evil.HttpStatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Counters(app).RefusedConnects, Is.EqualTo(1));

        await using var allowed = await RawEngineIoClient.ConnectAsync(app.Client.BaseAddress!, "https://app.example.com");
        await using var native = await RawEngineIoClient.ConnectAsync(app.Client.BaseAddress!);
    }

    /// <summary>
    /// The web client this server serves is same-origin however it is reached (a LAN address, a proxy's name): its
    /// socket needs no CORS_ORIGINS entry, while another site on the same host but another port is still refused.
    /// </summary>
    [Test]
    public async Task PageServedByThisServer_ConnectsWithoutACorsEntry()
    {
        await using var app = await StartAsync(new() { ["CORS_ORIGINS"] = "https://app.example.com" });
        var self = app.Client.BaseAddress!;
        await using var sameOrigin = await RawEngineIoClient.ConnectAsync(self, $"{self.Scheme}://{self.Authority}");

        using var otherPort = new ClientWebSocket();
        otherPort.Options.CollectHttpResponseDetails = true;
        otherPort.Options.SetRequestHeader("Origin", $"{self.Scheme}://{self.Host}:{self.Port + 1}");
        Assert.ThrowsAsync<WebSocketException>(() => otherPort.ConnectAsync(RawEngineIoClient.EndpointOf(self), CancellationToken.None));
        Assert.That(otherPort.HttpStatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [TestCase("EIO=4&transport=polling", 0, "websocket")]
    [TestCase("EIO=3&transport=websocket", 5, "EIO=4")]
    [TestCase("EIO=4&transport=websocket&sid=abc", 1, "Session ID unknown")]
    [TestCase("EIO=4&transport=websocket", 3, "WebSocket upgrade")]
    public async Task NonWebSocketOrWrongVersionRequests_Are400_WithEngineIoErrorJson(string query, int code, string message)
    {
        await using var app = await StartAsync();
        var response = await app.GetAsync("/socket.io/?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var json = await TestApp.ReadJsonAsync(response);
        Assert.That(json.GetProperty("code").GetInt32(), Is.EqualTo(code));
        Assert.That(json.GetProperty("message").GetString(), Does.Contain(message));
    }

    [Test]
    public async Task ClientThatNeverPongs_IsClosedAfterPingTimeout_AndGoesOffline()
    {
        await using var app = await StartAsync(new() { ["SIGNALING_PING_INTERVAL"] = "1s", ["SIGNALING_PING_TIMEOUT"] = "1s" });
        var silent = await app.RegisterAsync();
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        await using var client = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, silent.Token, answerPings: false);
        var presence = app.Services.GetRequiredService<IPresenceTracker>();
        var pings = client.PingsSeen;
        string? frame;
        while ((frame = await client.ReceiveAsync()) is not null)
        {
            Assert.That(frame, Is.EqualTo("2"));
            pings++;
        }

        Assert.That(pings, Is.EqualTo(1), "one unanswered ping, then the close");
        Assert.That(elapsed.Elapsed, Is.LessThan(TimeSpan.FromSeconds(6)));
        Assert.That(Counters(app).HeartbeatTimeouts, Is.EqualTo(1));
        await WaitForAsync(async () => !await presence.IsOnlineAsync(silent.UserId, CancellationToken.None), "offline after the timeout");
    }

    /// <summary>
    /// The next ping follows pingInterval after the pong, not pingInterval + pingTimeout after the last ping:
    /// socket.io-client drops the connection when no ping arrives within pingInterval + pingTimeout.
    /// </summary>
    [Test]
    public async Task ClientThatPongs_GetsPingsEveryPingInterval_AndStaysConnected()
    {
        await using var app = await StartAsync(new() { ["SIGNALING_PING_INTERVAL"] = "200ms", ["SIGNALING_PING_TIMEOUT"] = "1500ms" });
        var user = await app.RegisterAsync();
        await using var client = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, user.Token);
        var gaps = new List<TimeSpan>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await client.ReceiveAsync(), Is.EqualTo("2"));
            var now = clock.Elapsed;
            if (i > 0)
            {
                gaps.Add(now - last);
            }

            last = now;
            await client.SendAsync("3");
        }

        // Old behaviour spaced pings 1.7 s apart (interval + timeout); allow generous scheduling noise below that.
        Assert.That(gaps.Min(), Is.LessThan(TimeSpan.FromMilliseconds(1000)), string.Join(", ", gaps));
        Assert.That(Counters(app).HeartbeatTimeouts, Is.EqualTo(0));
        await AssertAliveAsync(client, 3);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var within = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(within.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), what);
            await Task.Delay(20);
        }
    }
}
