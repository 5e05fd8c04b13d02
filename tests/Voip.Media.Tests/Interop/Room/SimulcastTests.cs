using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// A Chromium publisher sends three simulcast layers (320, 640, 1280 wide); a subscriber receives the one
/// it prefers and follows a change of preference — switching only on a key frame of the new layer.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class SimulcastTests : RoomBrowserFixture
{
    [Test]
    public async Task SubscriberGetsPreferredLayerAndSwitchesUpOnRequest()
    {
        var room = await RoomHarness.CreateAsync(Engine.Client);
        var publisher = await room.JoinAsync("pub", await Browser.NewPageAsync(), 1280, 720, simulcast: true);
        var subscriber = await room.JoinAsync("sub", await Browser.NewPageAsync());
        var consumers = await room.SubscribeAsync(subscriber, [(publisher, publisher.Video)], preferredSpatialLayer: 1);
        var video = consumers[0];
        Assert.That(video.Type, Is.EqualTo(V1.ConsumerType.Simulcast));
        uint ssrc = video.RtpParameters.Encodings[0].Ssrc;

        var stats = await subscriber.WaitAsync(s => s.InboundBySsrc(ssrc) is { FramesDecoded: > 20, FrameWidth: 640 }, TimeSpan.FromSeconds(40));
        await LogAsync(publisher, video);
        Assert.That(stats.InboundBySsrc(ssrc)?.FrameWidth, Is.EqualTo(640), $"middle layer expected; subscriber: {stats}");

        // Chromium turns the top layer on only once its bandwidth estimate allows it (a few seconds after start on
        // a busy machine); the switch is timed from a request made while that layer is actually being published,
        // and once the subscriber reports an estimate (REMB, valid ~5 s after its first packet). That estimate trails
        // what the subscriber receives (≤ 1.5× of it), so it is usually below the top layer's bitrate: the engine
        // must still climb when the subscriber signals no congestion.
        var (rampUp, estimate, topBitrate) = await WaitForTopLayerAndEstimateAsync(publisher, video, TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"after {rampUp.TotalMilliseconds:0} ms more: top layer {topBitrate} bps, subscriber's estimate {estimate} bps");

        await Engine.Client.SetConsumerPreferredLayersAsync(new V1.SetConsumerPreferredLayersRequest
        {
            ConsumerId = video.ConsumerId,
            PreferredLayers = new V1.ConsumerLayers { SpatialLayer = 2 },
        });
        var switchedAt = DateTime.UtcNow;
        stats = await subscriber.WaitAsync(s => s.InboundBySsrc(ssrc)?.FrameWidth == 1280, TimeSpan.FromSeconds(10));
        var took = DateTime.UtcNow - switchedAt;
        await LogAsync(publisher, video);
        TestContext.Out.WriteLine($"switch to the top layer took {took.TotalMilliseconds:0} ms");
        Assert.That(stats.InboundBySsrc(ssrc)?.FrameWidth, Is.EqualTo(1280), $"top layer expected; subscriber: {stats}");
        Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(2)), "the switch must happen within 2 s (a key frame of the top layer)");
        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }

    private const ulong TopLayerBitrate = 300_000;

    private async Task<(TimeSpan Took, ulong Estimate, ulong TopBitrate)> WaitForTopLayerAndEstimateAsync(RoomParticipant publisher, V1.Consumer video, TimeSpan timeout)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var producer = await Engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = publisher.Video.ProducerId });
            var consumer = await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId });
            var top = producer.Streams.FirstOrDefault(s => s.Rid == "f");
            if (top is { BitrateBps: >= TopLayerBitrate } && consumer.AvailableBitrateBps > 0)
            {
                return (DateTime.UtcNow - started, consumer.AvailableBitrateBps, top.BitrateBps);
            }

            if (DateTime.UtcNow - started > timeout)
            {
                Assert.Fail($"the publisher's top layer never reached {TopLayerBitrate} bps or the subscriber sent no estimate in {timeout.TotalSeconds:0} s; producer: {producer}; consumer: {consumer}");
            }

            await Task.Delay(100);
        }
    }

    private async Task LogAsync(RoomParticipant publisher, V1.Consumer video)
    {
        TestContext.Out.WriteLine($"publisher: {string.Join("; ", (await publisher.GetStatsAsync()).Outbound)}");
        TestContext.Out.WriteLine($"producer: {await Engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = publisher.Video.ProducerId })}");
        TestContext.Out.WriteLine($"consumer: {await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId })}");
    }
}
