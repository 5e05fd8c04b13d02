using System.Globalization;
using System.Net;
using Voip.Media.Client;
using Voip.Media.Control.V1;
using Voip.Media.Rtp;

namespace Voip.LoadGen;

// Setup: transports, ICE + DTLS, producers and consumers (or echo), and the same routes in the floor.
internal sealed partial class ScenarioRunner
{
    private const uint PublisherSsrcBase = 0x10000000;
    private const uint EchoSsrcBase = 0x20000000;
    private const uint FloorSsrcBase = 0xF0000000;

    /// <summary>(publisher, subscriber) pairs of the scenario.</summary>
    private static IEnumerable<(LoadPeer Publisher, LoadPeer Subscriber)> Pairs(Scenario scenario, List<LoadPeer> peers)
    {
        if (scenario.Echo)
        {
            return peers.Select(p => (p, p));
        }

        if (scenario.Mesh)
        {
            return from p in peers from s in peers where p != s select (p, s);
        }

        return from p in peers.Take(scenario.Publishers) from s in peers.Skip(scenario.Publishers) select (p, s);
    }

    private static void SetUpPublishers(Scenario scenario, List<LoadPeer> peers)
    {
        foreach (var peer in peers.Take(scenario.Publishers))
        {
            peer.PublishSsrc = PublisherSsrcBase + (uint)peer.Index;
            peer.Video = scenario.Video;
            peer.PayloadLength = scenario.PayloadLength;
        }
    }

    private async Task<IPEndPoint> ConnectEchoAsync(Scenario scenario, List<LoadPeer> peers)
    {
        SetUpPublishers(scenario, peers);
        var server = await ConnectAllAsync(peers, routerId: "", async peer =>
        {
            var echo = new SetTransportEchoRequest { TransportId = peer.TransportId };
            echo.Streams.Add(new EchoStream { InputSsrc = peer.PublishSsrc, OutputSsrc = EchoSsrcBase + (uint)peer.Index });
            await engine.Client.SetTransportEchoAsync(echo);
        });
        foreach (var peer in peers)
        {
            peer.Expect(EchoSsrcBase + (uint)peer.Index, new StreamCheck(peer.Index, viaFloor: false, peer.PayloadLength, peer.PublishSsrc));
        }

        return server;
    }

    private async Task<IPEndPoint> ConnectRouterAsync(Scenario scenario, List<LoadPeer> peers, Action<string> routerCreated)
    {
        var router = await engine.Client.CreateRouterAsync(new CreateRouterRequest());
        routerCreated(router.RouterId);
        SetUpPublishers(scenario, peers);
        var server = await ConnectAllAsync(peers, router.RouterId, _ => Task.CompletedTask);

        var producers = new Dictionary<LoadPeer, string>();
        foreach (var publisher in peers.Where(p => p.PublishSsrc != 0))
        {
            var producer = await engine.Client.ProduceAsync(new ProduceRequest
            {
                TransportId = publisher.TransportId,
                Kind = scenario.Video ? MediaKind.Video : MediaKind.Audio,
                RtpParameters = ProducerParameters(publisher, scenario.Video),
            });
            producers[publisher] = producer.ProducerId;
        }

        var pairs = Pairs(scenario, peers).ToList();
        var consumers = await Task.WhenAll(pairs.Select(pair => engine.Client.ConsumeAsync(new ConsumeRequest
        {
            TransportId = pair.Subscriber.TransportId,
            ProducerId = producers[pair.Publisher],
            RtpCapabilities = SubscriberCapabilities(),
        }).ResponseAsync));
        for (int i = 0; i < pairs.Count; i++)
        {
            var (publisher, subscriber) = pairs[i];
            uint ssrc = consumers[i].RtpParameters.Encodings[0].Ssrc;
            subscriber.Expect(ssrc, new StreamCheck(publisher.Index, viaFloor: false, publisher.PayloadLength, publisher.PublishSsrc));
        }

        return server;
    }

    /// <summary>Creates and connects every peer's transport, runs ICE and DTLS; returns the (one) engine address.</summary>
    private async Task<IPEndPoint> ConnectAllAsync(List<LoadPeer> peers, string routerId, Func<LoadPeer, Task> beforeStart)
    {
        var endpoints = await Task.WhenAll(peers.Select(async peer =>
        {
            var request = new CreateWebRtcTransportRequest { RouterId = routerId };
            request.SrtpProfiles.Add(SrtpProfile.AeadAes128Gcm);
            var transport = await engine.Client.CreateWebRtcTransportAsync(request);
            peer.TransportId = transport.TransportId;
            var connect = new ConnectWebRtcTransportRequest
            {
                TransportId = transport.TransportId,
                DtlsParameters = new DtlsParameters { Role = DtlsRole.Client },
                RemoteUsernameFragment = peer.Client.LocalIce.Ufrag,
                RemotePassword = peer.Client.LocalIce.Password,
            };
            connect.DtlsParameters.Fingerprints.Add(new DtlsFingerprint { Algorithm = "sha-256", Value = peer.Client.Certificate.Sha256Fingerprint });
            await engine.Client.ConnectWebRtcTransportAsync(connect);
            await beforeStart(peer);

            var fingerprint = transport.DtlsParameters.Fingerprints[0];
            if (!Voip.Media.Dtls.DtlsFingerprint.TryParse($"{fingerprint.Algorithm} {fingerprint.Value}", out var serverFingerprint))
            {
                throw new InvalidOperationException("the engine sent an unparsable fingerprint: " + fingerprint.Value);
            }

            var candidate = transport.IceCandidates[0];
            var endpoint = new IPEndPoint(IPAddress.Parse(candidate.Ip), (int)candidate.Port);
            await peer.Client.ConnectAsync(new WebRtcClientRemote(endpoint, transport.IceParameters.UsernameFragment, transport.IceParameters.Password, serverFingerprint), TimeSpan.FromSeconds(30));
            return endpoint;
        }));

        if (endpoints.Distinct().Count() != 1)
        {
            throw new InvalidOperationException("the transports of one scenario landed on different shards: " + string.Join(", ", endpoints.Distinct()));
        }

        return endpoints[0];
    }

    private static void ConfigureFloor(Scenario scenario, List<LoadPeer> peers, FloorProcess floor)
    {
        foreach (var publisher in peers.Where(p => p.PublishSsrc != 0))
        {
            floor.AddPublisher(publisher.PublishSsrc, publisher.Client.Keys!);
        }

        foreach (var (publisher, subscriber) in Pairs(scenario, peers))
        {
            uint ssrc = FloorSsrcBase | ((uint)publisher.Index << 12) | (uint)subscriber.Index;
            floor.AddSubscriber(publisher.PublishSsrc, subscriber.Client.LocalEndPoint, ssrc, subscriber.Client.Keys!);
            subscriber.Expect(ssrc, new StreamCheck(publisher.Index, viaFloor: true, publisher.PayloadLength, publisher.PublishSsrc));
        }
    }

    private static RtpCodec VideoCodec()
    {
        var codec = new RtpCodec { MimeType = "video/VP8", PayloadType = RtpPacketBuilder.VideoPayloadType, ClockRate = 90000 };
        codec.RtcpFeedback.Add(new RtcpFeedback { Type = "nack" });
        codec.RtcpFeedback.Add(new RtcpFeedback { Type = "nack", Parameter = "pli" });
        codec.RtcpFeedback.Add(new RtcpFeedback { Type = "ccm", Parameter = "fir" });
        return codec;
    }

    private static RtpCodec AudioCodec() =>
        new() { MimeType = "audio/opus", PayloadType = RtpPacketBuilder.AudioPayloadType, ClockRate = 48000, Channels = 2 };

    private static RtpParameters ProducerParameters(LoadPeer publisher, bool video)
    {
        var parameters = new RtpParameters
        {
            Mid = publisher.Index.ToString(CultureInfo.InvariantCulture),
            Rtcp = new RtcpParameters { Cname = $"loadgen-{publisher.Index}", ReducedSize = true },
        };
        parameters.Codecs.Add(video ? VideoCodec() : AudioCodec());
        if (video)
        {
            parameters.HeaderExtensions.Add(new RtpHeaderExtension { Uri = RtpExtensionUri.AbsSendTime, Id = RtpPacketBuilder.AbsSendTimeId });
        }

        parameters.Encodings.Add(new RtpEncoding { Ssrc = publisher.PublishSsrc });
        return parameters;
    }

    private static RtpCapabilities SubscriberCapabilities()
    {
        var capabilities = new RtpCapabilities();
        capabilities.Codecs.Add(VideoCodec());
        capabilities.Codecs.Add(AudioCodec());
        capabilities.HeaderExtensions.Add(new RtpHeaderExtension { Uri = RtpExtensionUri.AbsSendTime, Id = RtpPacketBuilder.AbsSendTimeId });
        return capabilities;
    }
}
