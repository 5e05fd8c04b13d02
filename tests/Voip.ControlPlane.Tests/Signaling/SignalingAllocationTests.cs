using Voip.ControlPlane.Tests.Support;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// Deterministic costs behind the signaling p99 tail (issue 6): what a call setup allocates, and what it leaves
/// alive afterwards. Wall-clock latency on the shared machine is noise; these counts are not. Both ends run in
/// this process, so the allocation figure includes the raw clients' share (small: a frame string each way); the
/// printed numbers go to bench/results/signaling.md.
/// </summary>
public class SignalingAllocationTests
{
    private const int Warmup = 20;
    private const int Calls = 100;

    /// <summary>call-user → incoming-call → accept-call → call-accepted → end-call → call-ended, over raw sockets.</summary>
    private static async Task SetUpCallAsync(RawEngineIoClient caller, RawEngineIoClient callee, string calleeId, int ack)
    {
        await caller.SendAsync($"42{ack}[\"call-user\",{{\"targetUserId\":\"{calleeId}\",\"callType\":\"audio\",\"offer\":{{\"type\":\"offer\",\"sdp\":\"v=0\"}}}}]");
        var callAck = await caller.ReceiveMatchingAsync(f => f.StartsWith($"43{ack}[", StringComparison.Ordinal));
        Assert.That(callAck, Does.Contain("\"success\":true"));
        var incoming = await callee.ReceiveMatchingAsync(f => f.StartsWith("42[\"incoming-call\"", StringComparison.Ordinal));
        var start = incoming.IndexOf("\"roomId\":\"", StringComparison.Ordinal) + 10;
        var roomId = incoming[start..incoming.IndexOf('"', start)];

        await callee.SendAsync($"42{ack}[\"accept-call\",{{\"roomId\":\"{roomId}\",\"answer\":{{\"type\":\"answer\",\"sdp\":\"v=0\"}}}}]");
        Assert.That(await callee.ReceiveMatchingAsync(f => f.StartsWith($"43{ack}[", StringComparison.Ordinal)), Does.Contain("\"success\":true"));
        await caller.ReceiveMatchingAsync(f => f.StartsWith("42[\"call-accepted\"", StringComparison.Ordinal));

        await caller.SendAsync($"42{ack + 1}[\"end-call\",{{\"roomId\":\"{roomId}\"}}]");
        Assert.That(await caller.ReceiveMatchingAsync(f => f.StartsWith($"43{ack + 1}[", StringComparison.Ordinal)), Does.Contain("\"success\":true"));
        await callee.ReceiveMatchingAsync(f => f.StartsWith("42[\"call-ended\"", StringComparison.Ordinal));
    }

    [Test]
    public async Task AnsweredCalls_LeaveNoRingTimerBehind_AndReportBytesPerSetup()
    {
        // A ring timeout far longer than the test: a timer still armed at the end was left behind by a decided call.
        await using var app = await TestApp.StartAsync(new Dictionary<string, string?> { ["CALL_RING_TIMEOUT"] = "60s", ["SIGNALING_EVENTS_PER_SECOND"] = "100000" });
        var a = await app.RegisterAsync();
        var b = await app.RegisterAsync();
        await using var caller = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, a.Token);
        await using var callee = await RawEngineIoClient.ConnectAuthenticatedAsync(app.Client.BaseAddress!, b.Token);

        var ack = 10;
        for (var i = 0; i < Warmup; i++, ack += 2)
        {
            await SetUpCallAsync(caller, callee, b.UserId, ack);
        }

        var timersBefore = Timer.ActiveCount;
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < Calls; i++, ack += 2)
        {
            await SetUpCallAsync(caller, callee, b.UserId, ack);
        }

        var bytesPerCall = (GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / Calls;
        var timersLeft = Timer.ActiveCount - timersBefore;
        TestContext.Out.WriteLine($"allocated per call setup (ring → accept → end, both ends in-process): {bytesPerCall} B");
        TestContext.Out.WriteLine($"timers still armed after {Calls} ended calls: {timersLeft}");

        // Heartbeats and pools may arm a few timers of their own; one per ended call is the leak.
        Assert.That(timersLeft, Is.LessThan(Calls / 4), "ring timers outlive their calls");
    }

    /// <summary>
    /// Heap kept alive per idle authenticated socket: the clients live in a Node process, so everything counted
    /// here is the server's (Kestrel's upgraded connection, the WebSocket, our connection and its queues).
    /// </summary>
    [Test]
    public async Task IdleSockets_RetainBoundedHeapEach()
    {
        const int sockets = 200;
        await using var fixture = await SignalingFixture.StartAsync(new Dictionary<string, string?> { ["SIGNALING_EVENTS_PER_SECOND"] = "100000" });
        var user = await fixture.App.RegisterAsync();
        for (var i = 0; i < 10; i++)
        {
            await fixture.Clients.ConnectOkAsync("w" + i, fixture.Url, user.Token);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var timersBefore = Timer.ActiveCount;
        for (var i = 0; i < sockets; i++)
        {
            await fixture.Clients.ConnectOkAsync("s" + i, fixture.Url, user.Token);
        }

        var timersPerSocket = (double)(Timer.ActiveCount - timersBefore) / sockets;
        var perSocket = (GC.GetTotalMemory(forceFullCollection: true) - before) / sockets;
        TestContext.Out.WriteLine($"retained per idle connected socket (server side, {sockets} sockets): {perSocket} B, {timersPerSocket:F2} armed timers");
        Assert.That(perSocket, Is.LessThan(64 * 1024));
        // The Engine.IO heartbeat's; the connect timeout's is released once the socket has authenticated.
        Assert.That(timersPerSocket, Is.LessThan(1.5), "a per-socket timer outlives its purpose");
    }
}
