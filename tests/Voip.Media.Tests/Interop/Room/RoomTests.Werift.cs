using Voip.Media.Tests.Interop.Werift;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

// Two independent WebRTC stacks in one room: two Chromium pages and a werift peer (TypeScript), all
// driven through the engine's gRPC API only. werift does not decode, so what it receives is reassembled
// into VP8 frames (RFC 7741) and decoded by FFmpeg; what it sends is real Opus and VP8 (the committed clips).
public sealed partial class RoomTests
{
    // Two pages, two node processes, the engine and the test share 2 loaded cores: be patient, but bounded.
    private static readonly TimeSpan MixedMediaTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task TwoPagesAndAWeriftPeerDecodeEachOthersVideoAndReceiveAudio()
    {
        await using var weriftPublisher = await WeriftPeer.StartAsync();
        await using var weriftSubscriber = await WeriftPeer.StartAsync();
        var room = await RoomHarness.CreateAsync(Engine.Client);
        var alice = await room.JoinAsync("alice", await Browser.NewPageAsync());
        var bob = await room.JoinAsync("bob", await Browser.NewPageAsync());
        var werift = await room.JoinWeriftAsync("werift", weriftPublisher, weriftSubscriber, MixedMediaTimeout);
        foreach (var page in new[] { alice, bob })
        {
            await page.Page.EvaluateAsync("() => { window.playAudio = true; }");
        }

        await room.SubscribeAllAsync();

        try
        {
            // The pages decode both others' video — werift's VP8 clip included — and play both others' audio.
            var weriftSsrcs = ConsumedSsrcsOf(room, werift);
            foreach (var page in new[] { alice, bob })
            {
                var video = SsrcsOf(page, V1.MediaKind.Video);
                var audio = SsrcsOf(page, V1.MediaKind.Audio);
                Assert.That(video, Has.Count.EqualTo(2), page.Name);
                Assert.That(audio, Has.Count.EqualTo(2), page.Name);
                var stats = await page.WaitAsync(
                    s => video.All(ssrc => s.InboundBySsrc(ssrc)?.FramesDecoded > 50) && audio.All(ssrc => s.InboundBySsrc(ssrc)?.PacketsReceived > 100)
                        && s.Inbound.Any(i => i.Kind == "audio" && weriftSsrcs.Contains(i.Ssrc) && i.TotalSamplesReceived > 48000),
                    MixedMediaTimeout);
                TestContext.Out.WriteLine($"{page.Name}: {string.Join("; ", stats.Inbound)}");
                foreach (var ssrc in video)
                {
                    Assert.That(stats.InboundBySsrc(ssrc)?.FramesDecoded, Is.GreaterThan(50), $"{page.Name} video ssrc {ssrc}: {stats}");
                }

                foreach (var ssrc in audio)
                {
                    Assert.That(stats.InboundBySsrc(ssrc)?.PacketsReceived, Is.GreaterThan(100), $"{page.Name} audio ssrc {ssrc}: {stats}");
                }

                // werift's audio is a real tone, not silence: Chromium decoded it and heard energy.
                TestContext.Out.WriteLine($"{page.Name} audio players: {await page.Page.EvaluateAsync<string>("() => JSON.stringify({ players: players.length, errors: playErrors })")}");
                var weriftAudio = stats.Inbound.Single(s => s.Kind == "audio" && weriftSsrcs.Contains(s.Ssrc));
                Assert.That(weriftAudio.TotalSamplesReceived, Is.GreaterThan(48000), $"{page.Name}: werift's audio should play out for over a second: {weriftAudio}");
                // The clip is a sine at 1/8 full scale: about 0.0156 energy per second of playout (level² × seconds,
                // WebRTC stats); silence or garbage concealment would be near 0. Allow for the silent start-up.
                double energyPerSecond = weriftAudio.TotalAudioEnergy / (weriftAudio.TotalSamplesReceived / 48000.0);
                Assert.That(energyPerSecond, Is.GreaterThan(0.002), $"{page.Name}: werift's tone decoded as (near) silence: {weriftAudio}");
            }

            // werift receives both pages' audio and video; their RTP reassembles into complete VP8 frames.
            var weriftVideo = SsrcsOf(werift, V1.MediaKind.Video);
            var weriftAudioIn = SsrcsOf(werift, V1.MediaKind.Audio);
            Assert.That(weriftVideo, Has.Count.EqualTo(2));
            Assert.That(weriftAudioIn, Has.Count.EqualTo(2));
            var received = await weriftSubscriber.WaitForStatsAsync(
                s => weriftVideo.All(ssrc => s.BySsrc(ssrc)?.Frames > 50) && weriftAudioIn.All(ssrc => s.BySsrc(ssrc)?.Packets > 100),
                MixedMediaTimeout);
            TestContext.Out.WriteLine($"werift subscriber: {received}");
            Assert.That(received.ConnectionState, Is.EqualTo("connected"), weriftSubscriber.LogText);
            foreach (var ssrc in weriftAudioIn)
            {
                Assert.That(received.BySsrc(ssrc)?.Packets, Is.GreaterThan(100), $"werift audio ssrc {ssrc}: {received}");
            }

            string dir = Directory.CreateTempSubdirectory("voip-werift-room-").FullName;
            try
            {
                foreach (var ssrc in weriftVideo)
                {
                    var stream = received.BySsrc(ssrc);
                    Assert.That(stream?.Frames, Is.GreaterThan(50), $"werift video ssrc {ssrc}: {received}");
                    Assert.That(stream!.CompleteKeyFrames, Is.GreaterThan(0), $"no complete key frame on {ssrc}: {received}");
                    Assert.That(stream.Width, Is.InRange(1, 320), $"the pages publish at most 320 wide: {received}");

                    // An independent decoder (FFmpeg's) decodes what werift reassembled.
                    string path = Path.Combine(dir, $"{ssrc}.ivf");
                    var written = await weriftSubscriber.SaveIvfAsync(ssrc, path);
                    var decoded = await Vp8Decoder.DecodeIvfAsync(path);
                    TestContext.Out.WriteLine($"werift video ssrc {ssrc}: wrote {written.Frames} frames {written.Width}x{written.Height}; ffprobe decoded {decoded}");
                    Assert.That(decoded.FramesDecoded, Is.GreaterThan(50), $"ssrc {ssrc}: {decoded}");
                    Assert.That(decoded.FramesDecoded, Is.GreaterThanOrEqualTo(written.Frames * 9 / 10), $"ssrc {ssrc}: most written frames decode: {decoded}");
                    Assert.That(decoded.Width, Is.InRange(1, 320), $"ssrc {ssrc}: {decoded}");
                }
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }

            // The engine agrees with every side (within 10%): consumers vs what each receiver saw, ...
            foreach (var page in new[] { alice, bob })
            {
                foreach (var consumer in page.Consumers)
                {
                    var engineStats = await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId });
                    var browser = (await page.GetStatsAsync()).InboundBySsrc(consumer.RtpParameters.Encodings[0].Ssrc)!;
                    double pageReceived = browser.PacketsReceived + Math.Max(0, browser.PacketsLost);
                    TestContext.Out.WriteLine($"{page.Name} {consumer.Kind}: engine sent {engineStats.Packets}, browser received {browser.PacketsReceived} lost {browser.PacketsLost}");
                    Assert.That(pageReceived, Is.EqualTo((double)engineStats.Packets).Within(10).Percent, $"{page.Name} {consumer.Kind} consumer {consumer.ConsumerId}");
                }
            }

            // werift is one Node process doing SRTP in JavaScript: on a loaded machine it can be seconds behind
            // the engine, with packets still queued in its socket. A count the engine reported must be reached
            // by werift later (received + lost, like the pages'), or it was never delivered; the wait is bounded.
            foreach (var consumer in werift.Consumers)
            {
                uint ssrc = consumer.RtpParameters.Encodings[0].Ssrc;
                var engineStats = await Engine.Client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId });
                var immediate = (await weriftSubscriber.GetStatsAsync()).BySsrc(ssrc);
                var caughtUp = (await weriftSubscriber.WaitForStatsAsync(
                    s => s.BySsrc(ssrc) is { } r && r.Packets + Math.Max(0, r.Lost) >= engineStats.Packets * 0.9, TimeSpan.FromSeconds(15))).BySsrc(ssrc);
                TestContext.Out.WriteLine($"werift {consumer.Kind}: engine sent {engineStats.Packets}, werift received {immediate?.Packets} lost {immediate?.Lost} at once, {caughtUp?.Packets} lost {caughtUp?.Lost} after catching up");
                Assert.That(caughtUp, Is.Not.Null, $"werift received nothing on consumer {consumer.ConsumerId}");
                double weriftReceived = caughtUp!.Packets + Math.Max(0, caughtUp.Lost);
                Assert.That(weriftReceived, Is.EqualTo((double)engineStats.Packets).Within(10).Percent, $"werift {consumer.Kind} consumer {consumer.ConsumerId}");
            }

            // ... and werift's producers vs what werift sent (the engine gets the same bounded time to catch up).
            var sent = await weriftPublisher.GetStatsAsync();
            foreach (var producer in werift.Producers)
            {
                var track = sent.Tracks.Single(t => t.Kind == (producer.Kind == V1.MediaKind.Audio ? "audio" : "video"));
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
                ulong engineReceived = await ProducerPacketsAsync(producer.ProducerId);
                while (engineReceived < track.PacketsSent * 0.9 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                    engineReceived = await ProducerPacketsAsync(producer.ProducerId);
                }

                TestContext.Out.WriteLine($"werift sent {producer.Kind}: {track.PacketsSent} packets ({track.FramesSent} frames, {track.KeyFramesSent} key, {track.PlisReceived} PLIs); engine received + lost {engineReceived}");
                Assert.That((double)engineReceived, Is.EqualTo((double)track.PacketsSent).Within(10).Percent, $"werift {producer.Kind} producer {producer.ProducerId}");
            }

            // Still live at the end, both ways: werift keeps receiving frames and the pages keep decoding werift's.
            var before = await weriftSubscriber.GetStatsAsync();
            var after = await weriftSubscriber.WaitForStatsAsync(
                s => weriftVideo.All(ssrc => s.BySsrc(ssrc)!.Frames > before.BySsrc(ssrc)!.Frames + 15), TimeSpan.FromSeconds(20));
            Assert.That(after.ConnectionState, Is.EqualTo("connected"), weriftSubscriber.LogText);
            foreach (var ssrc in weriftVideo)
            {
                Assert.That(after.BySsrc(ssrc)!.Frames, Is.GreaterThan(before.BySsrc(ssrc)!.Frames + 15), $"werift video ssrc {ssrc} stalled: {after}");
            }

            var weriftVideoAtAlice = alice.Consumers.Single(c => c.Kind == V1.MediaKind.Video && weriftSsrcs.Contains(c.RtpParameters.Encodings[0].Ssrc)).RtpParameters.Encodings[0].Ssrc;
            int decodedBefore = (await alice.GetStatsAsync()).InboundBySsrc(weriftVideoAtAlice)!.FramesDecoded;
            var aliceAfter = await alice.WaitAsync(s => s.InboundBySsrc(weriftVideoAtAlice)!.FramesDecoded > decodedBefore + 15, TimeSpan.FromSeconds(20));
            Assert.That(aliceAfter.InboundBySsrc(weriftVideoAtAlice)!.FramesDecoded, Is.GreaterThan(decodedBefore + 15), "alice stopped decoding werift's video");
            Assert.That((await weriftPublisher.GetStatsAsync()).ConnectionState, Is.EqualTo("connected"), weriftPublisher.LogText);
        }
        finally
        {
            TestContext.Out.WriteLine("--- werift publisher ---\n" + weriftPublisher.LogText + "\n--- werift subscriber ---\n" + weriftSubscriber.LogText);
            foreach (var page in new[] { alice, bob })
            {
                await page.Page.CloseAsync();
            }

            await Engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = room.RouterId });
        }
    }

    /// <summary>What the engine received on a producer's streams, counting packets it saw as lost.</summary>
    private async Task<ulong> ProducerPacketsAsync(string producerId)
    {
        var stats = await Engine.Client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = producerId });
        return stats.Streams.Aggregate(0UL, (sum, s) => sum + s.Packets + s.PacketsLost);
    }

    private static List<uint> SsrcsOf(RoomParticipant subscriber, V1.MediaKind kind) =>
        [.. subscriber.Consumers.Where(c => c.Kind == kind).Select(c => c.RtpParameters.Encodings[0].Ssrc)];

    /// <summary>The SSRCs the SFU sends <paramref name="owner"/>'s producers with, to every other participant.</summary>
    private static HashSet<uint> ConsumedSsrcsOf(RoomHarness room, RoomParticipant owner)
    {
        var producerIds = owner.Producers.Select(p => p.ProducerId).ToHashSet();
        return [.. room.Participants.SelectMany(p => p.Consumers).Where(c => producerIds.Contains(c.ProducerId)).Select(c => c.RtpParameters.Encodings[0].Ssrc)];
    }
}
