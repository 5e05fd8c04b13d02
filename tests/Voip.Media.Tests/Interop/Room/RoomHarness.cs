using Microsoft.Playwright;
using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// Drives a room through the engine's gRPC API only, the way the control plane will: the page offers to
/// publish, the harness answers with Voip.Sdp and creates producers; for subscribing, the harness
/// consumes, offers with Voip.Sdp, and resumes consumers once the page has answered.
/// </summary>
public sealed partial class RoomHarness
{
    private readonly V1.MediaEngine.MediaEngineClient _engine;

    private RoomHarness(V1.MediaEngine.MediaEngineClient engine, string routerId)
    {
        _engine = engine;
        RouterId = routerId;
    }

    public string RouterId { get; }

    public List<RoomParticipant> Participants { get; } = [];

    public static async Task<RoomHarness> CreateAsync(V1.MediaEngine.MediaEngineClient engine)
    {
        var router = await engine.CreateRouterAsync(new V1.CreateRouterRequest());
        return new RoomHarness(engine, router.RouterId);
    }

    /// <summary>The page publishes audio + video (simulcast when asked) and gets a subscribing transport.</summary>
    public async Task<RoomParticipant> JoinAsync(string name, IPage page, int width = 320, int height = 180, bool simulcast = false, Func<V1.IceCandidate, V1.IceCandidate>? subscriberPath = null)
    {
        string offer = await page.EvaluateAsync<string>("([w, h, s]) => publish(w, h, s)", new object[] { width, height, simulcast });
        var (publishTransport, answer) = await AnswerPublisherAsync(offer);

        var subscribeTransport = await _engine.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = RouterId });
        if (subscriberPath is not null)
        {
            // The browser reaches the subscribing transport another way (a relay): announce that path instead.
            var path = subscribeTransport.IceCandidates.Select(subscriberPath).ToList();
            subscribeTransport.IceCandidates.Clear();
            subscribeTransport.IceCandidates.Add(path);
        }

        var participant = new RoomParticipant(name, page, publishTransport.TransportId, new Sdp.SubscriberSdpSession(SdpApiMapping.ToSdp(subscribeTransport)), subscribeTransport.TransportId);
        await ProduceAsync(participant, answer);
        await page.EvaluateAsync("sdp => setPublishAnswer(sdp)", Sdp.SdpWriter.Write(answer.Answer));
        Participants.Add(participant);
        return participant;
    }

    /// <summary>The SFU's side of a publisher's offer: a transport, the answer built with Voip.Sdp, and the connect.</summary>
    private async Task<(V1.WebRtcTransport Transport, Sdp.PublisherAnswer Answer)> AnswerPublisherAsync(string offer)
    {
        var transport = await _engine.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = RouterId });
        var answer = Sdp.SdpAnswerBuilder.BuildPublisherAnswer(
            Sdp.SdpParser.Parse(offer), SdpApiMapping.ToSdp(transport), RoomCapabilities.PublisherCodecs, RoomCapabilities.PublisherExtensions);
        await _engine.ConnectWebRtcTransportAsync(SdpApiMapping.Connect(transport.TransportId, answer.RemoteDtls, answer.RemoteIce, answer.LocalDtlsRole));
        return (transport, answer);
    }

    /// <summary>One producer per m-line the publisher sends, with the parameters read from its offer.</summary>
    private async Task ProduceAsync(RoomParticipant participant, Sdp.PublisherAnswer answer)
    {
        foreach (var p in answer.Producers)
        {
            var produced = await _engine.ProduceAsync(new V1.ProduceRequest
            {
                TransportId = participant.PublishTransportId,
                Kind = p.Kind == Sdp.MediaKind.Audio ? V1.MediaKind.Audio : V1.MediaKind.Video,
                RtpParameters = SdpApiMapping.ToProto(p.RtpParameters),
            });
            participant.Producers.Add(produced);
        }
    }

    /// <summary>Everyone subscribes to everyone else's producers.</summary>
    public async Task SubscribeAllAsync(int? preferredSpatialLayer = null)
    {
        foreach (var subscriber in Participants)
        {
            var producers = Participants.Where(p => p != subscriber).SelectMany(p => p.Producers.Select(producer => (p, producer))).ToList();
            await SubscribeAsync(subscriber, producers, preferredSpatialLayer);
        }
    }

    /// <summary>Consumes each producer (paused), renegotiates the subscriber once, then resumes them.</summary>
    public async Task<List<V1.Consumer>> SubscribeAsync(RoomParticipant subscriber, IReadOnlyList<(RoomParticipant Owner, V1.Producer Producer)> producers, int? preferredSpatialLayer = null)
    {
        await subscriber.Negotiation.WaitAsync();
        try
        {
            var consumers = new List<V1.Consumer>();
            foreach (var (owner, producer) in producers)
            {
                var request = new V1.ConsumeRequest
                {
                    TransportId = subscriber.SubscribeTransportId,
                    ProducerId = producer.ProducerId,
                    RtpCapabilities = RoomCapabilities.Subscriber,
                    Paused = true,
                };
                if (preferredSpatialLayer is { } layer)
                {
                    request.PreferredLayers = new V1.ConsumerLayers { SpatialLayer = layer };
                }

                var consumer = await _engine.ConsumeAsync(request);
                subscriber.SubscriberSession.AddConsumer(SdpApiMapping.ToSdp(consumer, "stream-" + owner.Name));
                consumers.Add(consumer);
            }

            string offer = Sdp.SdpWriter.Write(subscriber.SubscriberSession.CreateOffer());
            string answerSdp = await subscriber.AnswerSubscriptionAsync(offer);
            var answer = subscriber.SubscriberSession.ApplyAnswer(Sdp.SdpParser.Parse(answerSdp));
            if (!subscriber.SubscriberConnected)
            {
                await _engine.ConnectWebRtcTransportAsync(SdpApiMapping.Connect(subscriber.SubscribeTransportId, answer.RemoteDtls, answer.RemoteIce, answer.LocalDtlsRole));
                subscriber.SubscriberConnected = true;
            }

            foreach (var consumer in consumers)
            {
                await _engine.ResumeConsumerAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId });
            }

            subscriber.Consumers.AddRange(consumers);
            return consumers;
        }
        finally
        {
            subscriber.Negotiation.Release();
        }
    }
}
