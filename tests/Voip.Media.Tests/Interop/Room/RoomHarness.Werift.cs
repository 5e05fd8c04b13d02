using Voip.Media.Tests.Interop.Werift;
using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

// A werift participant: the same gRPC-only flow as a page, with two werift peer connections (one per
// process) in the page's roles. werift sends only on m-lines it offered itself, so its publisher offers
// (like the page's); its subscriber answers the SFU's offers.
public sealed partial class RoomHarness
{
    /// <summary>
    /// <paramref name="publisher"/> offers sendonly Opus + VP8, the harness answers and produces; once werift
    /// is connected it loops the committed clips (a 440 Hz Opus tone, 20 ms packets; the 320x180 VP8 test
    /// pattern at 15 fps). <paramref name="subscriber"/> answers every subscription offer.
    /// </summary>
    public async Task<RoomParticipant> JoinWeriftAsync(string name, WeriftPeer publisher, WeriftPeer subscriber, TimeSpan connectTimeout)
    {
        var offer = await publisher.CreateOfferAsync(new WeriftOfferOptions { Send = ["audio", "video"], SendDirection = "sendonly" });
        var (publishTransport, answer) = await AnswerPublisherAsync(offer.Sdp);
        var subscribeTransport = await _engine.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = RouterId });
        var participant = new RoomParticipant(
            name,
            page: null,
            async subscriptionOffer => (await subscriber.AcceptOfferAsync(subscriptionOffer)).Sdp,
            publishTransport.TransportId,
            new Sdp.SubscriberSdpSession(SdpApiMapping.ToSdp(subscribeTransport)),
            subscribeTransport.TransportId);
        await ProduceAsync(participant, answer);
        var tracks = await publisher.SetAnswerAsync(Sdp.SdpWriter.Write(answer.Answer));
        Assert.That(tracks.Select(t => t.Codec), Is.EqualTo(new[] { "audio/opus", "video/VP8" }).IgnoreCase, "werift's negotiated send codecs");

        var connected = await publisher.WaitForStatsAsync(s => s.ConnectionState == "connected", connectTimeout);
        Assert.That(connected.ConnectionState, Is.EqualTo("connected"), $"{name}'s werift publisher: {connected}\n{publisher.LogText}");
        await publisher.StartSendingAsync(0, rate: 50, new WeriftSendOptions { AudioClip = true });
        await publisher.StartSendingAsync(1, rate: 15);
        Participants.Add(participant);
        return participant;
    }
}
