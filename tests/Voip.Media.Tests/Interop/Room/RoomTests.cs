using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// Several real browsers in one room through the shipped AOT engine, driven only through its gRPC API:
/// every page must decode the others' video and receive their audio, and the engine's counters must
/// agree with what the browsers saw.
/// </summary>
[TestFixture]
[Category("Interop")]
[NonParallelizable]
public sealed partial class RoomTests : RoomBrowserFixture
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(45);

    [Test]
    public async Task ThreePagesDecodeEachOthersVideoAndReceiveAudio()
    {
        var room = await RoomHarness.CreateAsync(Engine.Client);
        var pages = new[] { "alice", "bob", "carol" };
        foreach (var name in pages)
        {
            await room.JoinAsync(name, await Browser.NewPageAsync());
        }

        await room.SubscribeAllAsync();

        foreach (var p in room.Participants)
        {
            var videoSsrcs = p.Consumers.Where(c => c.Kind == V1.MediaKind.Video).Select(c => c.RtpParameters.Encodings[0].Ssrc).ToList();
            var audioSsrcs = p.Consumers.Where(c => c.Kind == V1.MediaKind.Audio).Select(c => c.RtpParameters.Encodings[0].Ssrc).ToList();
            Assert.That(videoSsrcs, Has.Count.EqualTo(2));
            var stats = await p.WaitAsync(
                s => videoSsrcs.All(ssrc => s.InboundBySsrc(ssrc)?.FramesDecoded > 50) && audioSsrcs.All(ssrc => s.InboundBySsrc(ssrc)?.PacketsReceived > 100),
                MediaTimeout);
            TestContext.Out.WriteLine($"{p.Name}: {string.Join("; ", stats.Inbound)}");
            foreach (var ssrc in videoSsrcs)
            {
                Assert.That(stats.InboundBySsrc(ssrc)?.FramesDecoded, Is.GreaterThan(50), $"{p.Name} video ssrc {ssrc}: {stats}");
            }

            foreach (var ssrc in audioSsrcs)
            {
                Assert.That(stats.InboundBySsrc(ssrc)?.PacketsReceived, Is.GreaterThan(100), $"{p.Name} audio ssrc {ssrc}: {stats}");
            }
        }

        // The engine's view agrees with the browsers' (within 10%): what each consumer sent is what the page received.
        foreach (var p in room.Participants)
        {
            foreach (var consumer in p.Consumers)
            {
                var engineStats = await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId });
                var browser = (await p.GetStatsAsync()).InboundBySsrc(consumer.RtpParameters.Encodings[0].Ssrc)!;
                double received = browser.PacketsReceived + Math.Max(0, browser.PacketsLost);
                TestContext.Out.WriteLine($"{p.Name} {consumer.Kind}: engine sent {engineStats.Packets}, browser received {browser.PacketsReceived} lost {browser.PacketsLost}");
                Assert.That(received, Is.EqualTo((double)engineStats.Packets).Within(10).Percent, $"{p.Name} {consumer.Kind} consumer {consumer.ConsumerId}");
            }

            // Each page's receive transport measured a round trip from the page's reports (loopback: well under 100 ms).
            var transport = await Engine.Client.GetTransportStatsAsync(new V1.GetTransportStatsRequest { TransportId = p.SubscribeTransportId });
            Assert.That(transport.RoundTripMs, Is.GreaterThan(0).And.LessThan(100), $"{p.Name} subscribe transport: {transport}");
        }

        await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
    }
}
