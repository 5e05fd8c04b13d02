using System.Net;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>5% of the RTP toward one subscriber is dropped on the way: its NACKs must be answered from the
/// engine's retransmission buffer (over RTX) and its video must keep decoding.</summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed class LossRepairTests : RoomBrowserFixture
{
    [Test]
    public async Task NacksFromALossySubscriberAreAnsweredAndVideoKeepsDecoding()
    {
        var room = await RoomHarness.CreateAsync(Engine.Client);
        var alice = await room.JoinAsync("alice", await Browser.NewPageAsync(), 640, 360);
        LossyRelay? relay = null;
        var bob = await room.JoinAsync("bob", await Browser.NewPageAsync(), subscriberPath: candidate =>
        {
            relay = new LossyRelay(new IPEndPoint(IPAddress.Parse(candidate.Ip), (int)candidate.Port), dropRate: double.Parse(Environment.GetEnvironmentVariable("VOIP_TEST_DROP") ?? "0.05", System.Globalization.CultureInfo.InvariantCulture));
            var viaRelay = candidate.Clone();
            viaRelay.Ip = "127.0.0.1";
            viaRelay.Port = (uint)relay.Port;
            return viaRelay;
        });
        using var _ = relay!;
        var consumers = await room.SubscribeAsync(bob, [.. alice.Producers.Select(p => (alice, p))]);
        var video = consumers.Single(c => c.Kind == V1.MediaKind.Video);
        uint ssrc = video.RtpParameters.Encodings[0].Ssrc;

        var first = await bob.WaitAsync(s => s.InboundBySsrc(ssrc)?.FramesDecoded > 60, TimeSpan.FromSeconds(45));
        Assert.That(first.InboundBySsrc(ssrc)?.FramesDecoded, Is.GreaterThan(60), $"bob decodes through the lossy relay: {first}");
        int framesBefore = first.InboundBySsrc(ssrc)!.FramesDecoded;
        var later = await bob.WaitAsync(s => s.InboundBySsrc(ssrc)?.FramesDecoded > framesBefore + 40, TimeSpan.FromSeconds(30));

        var consumerStats = await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = video.ConsumerId });
        TestContext.Out.WriteLine($"relay dropped {relay!.Dropped} of {relay.Dropped + relay.ForwardedRtp} RTP packets");
        TestContext.Out.WriteLine($"bob: {later.InboundBySsrc(ssrc)}");
        TestContext.Out.WriteLine($"consumer: {consumerStats}");
        Assert.That(relay.Dropped, Is.GreaterThan(0), "the relay dropped packets");
        Assert.That(consumerStats.NackCount, Is.GreaterThan(0UL), "bob's NACKs reached the engine");
        Assert.That(consumerStats.RetransmittedPackets, Is.GreaterThan(0UL), "the engine retransmitted from its buffer");
        Assert.That(later.InboundBySsrc(ssrc)?.FramesDecoded, Is.GreaterThan(framesBefore + 40), "decoding keeps going");
        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }
}
