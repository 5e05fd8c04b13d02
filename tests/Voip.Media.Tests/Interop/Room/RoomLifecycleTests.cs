using System.Diagnostics;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>Pause/resume, close, and a publisher that goes away — cleanly (DTLS close_notify) or abruptly (consent loss).</summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class RoomLifecycleTests : RoomBrowserFixture
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(40);
    protected override string[] EngineArguments => ["--consent-timeout", "4"];

    [Test]
    public async Task PausedProducerStopsItsConsumersAndResumeRestartsThemWithAKeyFrame()
    {
        using var events = new EngineEventLog(Engine.Client);
        var (room, alice, bob) = await TwoPartyRoomAsync();
        var video = bob.Consumers.Single(c => c.Kind == V1.MediaKind.Video);
        uint ssrc = video.RtpParameters.Encodings[0].Ssrc;
        await bob.WaitAsync(s => s.InboundBySsrc(ssrc)?.FramesDecoded > 20, MediaTimeout);

        await Engine.Client.PauseProducerAsync(new V1.ProducerIdRequest { ProducerId = alice.Video.ProducerId });
        var paused = await events.WaitAsync(e => e.Consumer?.ConsumerId == video.ConsumerId && e.Consumer.ProducerPaused, TimeSpan.FromSeconds(5));
        Assert.That(paused, Is.Not.Null, "consumer event with producer_paused");
        await Task.Delay(1000);
        long before = (await bob.GetStatsAsync()).InboundBySsrc(ssrc)!.PacketsReceived;
        await Task.Delay(1500);
        long after = (await bob.GetStatsAsync()).InboundBySsrc(ssrc)!.PacketsReceived;
        Assert.That(after - before, Is.LessThanOrEqualTo(2), "no video while the producer is paused");

        await Engine.Client.ResumeProducerAsync(new V1.ProducerIdRequest { ProducerId = alice.Video.ProducerId });
        int framesAtResume = (await bob.GetStatsAsync()).InboundBySsrc(ssrc)!.FramesDecoded;
        var resumed = await bob.WaitAsync(s => s.InboundBySsrc(ssrc)?.FramesDecoded > framesAtResume + 20, MediaTimeout);
        Assert.That(resumed.InboundBySsrc(ssrc)?.FramesDecoded, Is.GreaterThan(framesAtResume + 20), $"decoding resumes: {resumed}");

        // A paused consumer alone: the others are unaffected (audio keeps flowing to bob).
        await Engine.Client.PauseConsumerAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId });
        var stats = await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId });
        Assert.That(stats.Paused, Is.True);
        await Engine.Client.ResumeConsumerAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId });
        int framesAtConsumerResume = (await bob.GetStatsAsync()).InboundBySsrc(ssrc)!.FramesDecoded;
        var again = await bob.WaitAsync(s => s.InboundBySsrc(ssrc)?.FramesDecoded > framesAtConsumerResume + 20, MediaTimeout);
        Assert.That(again.InboundBySsrc(ssrc)?.FramesDecoded, Is.GreaterThan(framesAtConsumerResume + 20));
        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }

    [Test]
    public async Task ClosingAProducerClosesItsConsumersWithTheReason()
    {
        using var events = new EngineEventLog(Engine.Client);
        var (room, alice, bob) = await TwoPartyRoomAsync();
        var video = bob.Consumers.Single(c => c.Kind == V1.MediaKind.Video);
        await Engine.Client.CloseProducerAsync(new V1.ProducerIdRequest { ProducerId = alice.Video.ProducerId });

        var producerClosed = await events.WaitAsync(e => e.Producer?.ProducerId == alice.Video.ProducerId && e.Producer.Closed, TimeSpan.FromSeconds(5));
        var consumerClosed = await events.WaitAsync(e => e.Consumer?.ConsumerId == video.ConsumerId && e.Consumer.Closed, TimeSpan.FromSeconds(5));
        Assert.That(producerClosed, Is.Not.Null);
        Assert.That(consumerClosed?.Consumer.Reason, Does.Contain("producer closed"));
        var ex = Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId }));
        Assert.That(ex!.StatusCode, Is.EqualTo(Grpc.Core.StatusCode.NotFound));
        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }

    [Test]
    public async Task PublisherClosingItsPeerConnectionEndsItsTransportAtOnce()
    {
        using var events = new EngineEventLog(Engine.Client);
        var (room, alice, bob) = await TwoPartyRoomAsync();
        var video = bob.Consumers.Single(c => c.Kind == V1.MediaKind.Video);
        await bob.WaitAsync(s => s.InboundBySsrc(video.RtpParameters.Encodings[0].Ssrc)?.FramesDecoded > 10, MediaTimeout);

        var sw = Stopwatch.StartNew();
        await alice.Page.EvaluateAsync("() => closePublisher()");
        var closed = await events.WaitAsync(e => e.Transport?.TransportId == alice.PublishTransportId && e.Transport.State == V1.TransportState.Closed, TimeSpan.FromSeconds(10));
        Assert.That(closed, Is.Not.Null, "publisher transport closed");
        TestContext.Out.WriteLine($"closed after {sw.ElapsedMilliseconds} ms: {closed!.Transport.Reason}");
        Assert.That(closed.Transport.Reason, Does.Contain("close_notify"));
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)), "close_notify ends the transport at once, not after the consent timeout");
        var consumerClosed = await events.WaitAsync(e => e.Consumer?.ConsumerId == video.ConsumerId && e.Consumer.Closed, TimeSpan.FromSeconds(5));
        Assert.That(consumerClosed?.Consumer.Reason, Does.Contain("producer closed"));
        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }

    [Test]
    public async Task PublisherThatVanishesIsClosedByConsentLoss()
    {
        using var events = new EngineEventLog(Engine.Client);
        await using var doomed = await ChromiumBrowser.LaunchAsync(RoomPage.Html);
        var room = await RoomHarness.CreateAsync(Engine.Client);
        var alice = await room.JoinAsync("alice", await doomed.NewPageAsync());
        var bob = await room.JoinAsync("bob", await Browser.NewPageAsync());
        await room.SubscribeAsync(bob, [.. alice.Producers.Select(p => (alice, p))]);
        uint ssrc = bob.Consumers.Single(c => c.Kind == V1.MediaKind.Video).RtpParameters.Encodings[0].Ssrc;
        await bob.WaitAsync(s => s.InboundBySsrc(ssrc)?.FramesDecoded > 10, MediaTimeout);

        // SIGKILL the whole browser: no close_notify, no more consent checks.
        int killed = doomed.Kill();
        Assert.That(killed, Is.GreaterThan(0), "the doomed browser's processes");
        var closed = await events.WaitAsync(e => e.Transport?.TransportId == alice.PublishTransportId && e.Transport.State == V1.TransportState.Closed, TimeSpan.FromSeconds(15));
        Assert.That(closed, Is.Not.Null, "publisher transport closed after the 4 s consent timeout");
        Assert.That(closed!.Transport.Reason, Does.Contain("consent"));
        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }

    private async Task<(RoomHarness Room, RoomParticipant Alice, RoomParticipant Bob)> TwoPartyRoomAsync()
    {
        var room = await RoomHarness.CreateAsync(Engine.Client);
        var alice = await room.JoinAsync("alice", await Browser.NewPageAsync());
        var bob = await room.JoinAsync("bob", await Browser.NewPageAsync());
        await room.SubscribeAsync(bob, [.. alice.Producers.Select(p => (alice, p))]);
        return (room, alice, bob);
    }
}
