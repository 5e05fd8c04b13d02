using Grpc.Core;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop;

/// <summary>How transports end on the AOT engine: consent loss (RFC 7675) and DTLS close_notify.</summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class TransportLifecycleTests
{
    private EngineProcess _engine = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _engine = await EngineProcess.StartAsync("--consent-timeout", "2");

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }

    [Test]
    public async Task NoChecksForTheConsentTimeoutClosesTheTransport()
    {
        using var events = _engine.Client.StreamEvents(new StreamEventsRequest());
        await using var peer = await TestPeer.ConnectAsync(_engine.Client);
        Assert.That(await peer.RoundTripAsync(10, TimeSpan.FromSeconds(5)), Is.True);

        // Keep consent alive for a while: checks every 500 ms hold the transport open past the timeout.
        for (int i = 0; i < 6; i++)
        {
            peer.SendBindingRequest(nominate: false);
            await Task.Delay(500);
        }

        var alive = await _engine.Client.GetTransportStatsAsync(new GetTransportStatsRequest { TransportId = peer.TransportId });
        Assert.That(alive.State, Is.EqualTo(TransportState.Connected), "checks keep consent");

        // Then go silent (a peer that vanished): closed within the 2 s timeout plus a tick.
        var silentSince = DateTime.UtcNow;
        var closed = await WaitForStateAsync(events, peer.TransportId, TransportState.Closed, TimeSpan.FromSeconds(6));
        Assert.That(closed.Reason, Does.Contain("consent"));
        Assert.That(DateTime.UtcNow - silentSince, Is.LessThan(TimeSpan.FromSeconds(4)));

        var ex = Assert.ThrowsAsync<RpcException>(async () =>
            await _engine.Client.GetTransportStatsAsync(new GetTransportStatsRequest { TransportId = peer.TransportId }));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }

    [Test]
    public async Task CloseNotifyEndsTheTransportAtOnce()
    {
        using var events = _engine.Client.StreamEvents(new StreamEventsRequest());
        await using var peer = await TestPeer.ConnectAsync(_engine.Client);
        Assert.That(await peer.RoundTripAsync(10, TimeSpan.FromSeconds(5)), Is.True);

        peer.CloseDtls();
        var closed = await WaitForStateAsync(events, peer.TransportId, TransportState.Closed, TimeSpan.FromSeconds(1));
        Assert.That(closed.Reason, Does.Contain("close_notify"));
    }

    [Test]
    public async Task InvalidRequestsGetClearStatuses()
    {
        var notFound = Assert.ThrowsAsync<RpcException>(async () =>
            await _engine.Client.ConnectWebRtcTransportAsync(new ConnectWebRtcTransportRequest { TransportId = "nope" }));
        Assert.That(notFound!.StatusCode, Is.EqualTo(StatusCode.NotFound));
        Assert.That(notFound.Status.Detail, Does.Contain("nope"));

        var badId = Assert.ThrowsAsync<RpcException>(async () =>
            await _engine.Client.CreateWebRtcTransportAsync(new CreateWebRtcTransportRequest { TransportId = "has spaces" }));
        Assert.That(badId!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));

        var transport = await _engine.Client.CreateWebRtcTransportAsync(new CreateWebRtcTransportRequest());
        var noFingerprint = Assert.ThrowsAsync<RpcException>(async () =>
            await _engine.Client.ConnectWebRtcTransportAsync(new ConnectWebRtcTransportRequest
            {
                TransportId = transport.TransportId,
                DtlsParameters = new DtlsParameters { Role = DtlsRole.Client },
            }));
        Assert.That(noFingerprint!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(noFingerprint.Status.Detail, Does.Contain("fingerprint"));

        var dup = Assert.ThrowsAsync<RpcException>(async () =>
            await _engine.Client.CreateWebRtcTransportAsync(new CreateWebRtcTransportRequest { TransportId = transport.TransportId }));
        Assert.That(dup!.StatusCode, Is.EqualTo(StatusCode.AlreadyExists));
        await _engine.Client.CloseTransportAsync(new CloseTransportRequest { TransportId = transport.TransportId });
    }

    private static async Task<TransportEvent> WaitForStateAsync(AsyncServerStreamingCall<EngineEvent> events, string transportId, TransportState state, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (await events.ResponseStream.MoveNext(cts.Token))
        {
            var evt = events.ResponseStream.Current.Transport;
            if (evt?.TransportId == transportId && evt.State == state)
            {
                return evt;
            }
        }

        throw new TimeoutException($"no {state} event for {transportId}");
    }
}
