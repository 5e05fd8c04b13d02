using Voip.Media.Srtp;
using Voip.Media.Transport;

namespace Voip.Media.Tests.Routing;

/// <summary>
/// The whole packet path of the SFU, in memory: SRTP decrypt of the publisher's packet, routing, each
/// consumer's header rewrite and SRTP encrypt into a send slot, the flush — plus the RTCP around it (Sender
/// and Receiver Reports both ways, NACKs served from the retransmission buffer over RTX, the publisher's
/// lost packet NACKed and repaired by RTX, transport-cc feedback, consent checks). No socket: the shard's
/// sends go to the room, whose peers decrypt and check every datagram.
/// </summary>
public class InMemoryForwardingTests
{
    [Test]
    public void ForwardsEveryPacketToEverySubscriberDecryptably()
    {
        using var room = new InMemoryRoom(subscribers: 3);
        room.Run(10_000);

        Assert.Multiple(() =>
        {
            Assert.That(room.Publisher.Transport.State, Is.EqualTo(TransportState.Connected));
            Assert.That(room.Publisher.Transport.Remote, Is.EqualTo(room.Publisher.Endpoint), "the nominated ICE pair");
            Assert.That(room.Shard.HandlerExceptions, Is.Zero, room.Shard.LastHandlerException?.ToString());
            Assert.That(room.UnknownDestinations, Is.Zero);
            Assert.That(room.Shard.DatagramsSent, Is.EqualTo(room.DatagramsOut), "the shard counts what the sink got");
            Assert.That(room.Shard.ForwardedPackets, Is.EqualTo(room.Subscribers.Sum(s => s.RtpReceived + s.RtxReceived)), "forwarded RTP, retransmissions included");
            Assert.That(room.Publisher.Failures, Is.Zero, room.Publisher.FirstFailure);
            Assert.That(room.Publisher.StunReceived, Is.EqualTo(1 + (10_000 / InMemoryRoom.ConsentInterval)), "binding responses");
            foreach (var subscriber in room.Subscribers)
            {
                Assert.That(subscriber.Failures, Is.Zero, subscriber.FirstFailure);
                Assert.That(subscriber.RtpVerified, Is.EqualTo(subscriber.RtpReceived + subscriber.RtxReceived), "every packet decrypted and checked");
                Assert.That(subscriber.RtpReceived, Is.EqualTo(room.MediaPacketsSent), "every media packet, the RTX-repaired ones included");
                Assert.That(subscriber.Consumer!.RetransmittedPackets, Is.EqualTo(subscriber.RtxReceived));
                Assert.That(subscriber.RtcpReceived, Is.GreaterThanOrEqualTo(9), "a Sender Report about once a second");
            }

            Assert.That(room.Subscribers.Sum(s => s.RtxReceived), Is.EqualTo(room.NacksSent), "one RTX per NACKed packet");
            Assert.That(room.NacksSent, Is.EqualTo(10_000 / InMemoryRoom.NackInterval));

            var stream = room.Producer.Streams[0];
            Assert.That(stream.RetransmittedPacketsReceived, Is.EqualTo(10_000 / InMemoryRoom.LossInterval), "the publisher's RTX repairs");
            Assert.That(stream.NacksSent, Is.GreaterThan(0), "the engine NACKed the publisher's lost packets");
            Assert.That(room.Publisher.RtcpReceived, Is.GreaterThan(100), "receiver reports, NACKs and transport-cc feedback to the publisher");
        });
    }

    [Test]
    public void AMillionPacketsAllocateNothing()
    {
        const int Packets = 1_000_000;

        // Short packets keep a million of them quick in a Debug build (SRTP costs per byte); what allocates
        // does not depend on the size. The forwarding benchmark uses 1200-byte packets.
        using var room = new InMemoryRoom(subscribers: 3, packetLength: 256);
        foreach (var subscriber in room.Subscribers)
        {
            subscriber.VerifyEvery = 64; // every header is checked; one payload in 64 is decrypted and compared
        }

        // Warm-up: every path (ICE consent, reports, NACK, RTX both ways, ticks) runs at least once and is jitted.
        room.Run(20_000);
        long sentBefore = room.MediaPacketsSent;
        long receivedBefore = room.Subscribers[0].RtpReceived;

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        long before = GC.GetAllocatedBytesForCurrentThread();
        room.Run(Packets);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu;
        TestContext.Progress.WriteLine($"{Packets:N0} packets of {room.PacketLength} B to 3 subscribers: {clock.Elapsed.TotalSeconds:F1} s, {cpu.TotalSeconds:F1} s CPU, {allocated} B allocated");

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero, $"bytes allocated for {Packets:N0} packets on the packet path");
            Assert.That(room.Shard.HandlerExceptions, Is.Zero, room.Shard.LastHandlerException?.ToString());
            Assert.That(room.MediaPacketsSent - sentBefore, Is.EqualTo(Packets + (Packets / InMemoryRoom.LossInterval)), "one video packet per step plus the RTX repairs");
            foreach (var subscriber in room.Subscribers)
            {
                Assert.That(subscriber.Failures, Is.Zero, subscriber.FirstFailure);
                Assert.That(subscriber.RtpVerified, Is.GreaterThan(Packets / 64 * 9 / 10));
            }

            Assert.That(room.Subscribers[0].RtpReceived - receivedBefore, Is.EqualTo(room.MediaPacketsSent - sentBefore), "every packet reached the subscriber");
            Assert.That(room.Shard.ForwardedPackets, Is.GreaterThanOrEqualTo(3L * Packets));
        });
    }

    [Test]
    public void TheMeasurementSeesAnAllocationMadeOnThePath()
    {
        // Guards the zero above against being vacuous: the engine's flush calls the sink on this thread,
        // so one small array per datagram sent must show up in this thread's allocation count.
        using var room = new InMemoryRoom(subscribers: 2, packetLength: 256);
        room.Run(2_000);
        room.AllocateOnEverySend = true;
        long sentBefore = room.DatagramsOut;

        long before = GC.GetAllocatedBytesForCurrentThread();
        room.Run(1_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long sent = room.DatagramsOut - sentBefore;
        Assert.That(sent, Is.GreaterThan(2_000));
        Assert.That(allocated, Is.GreaterThanOrEqualTo(sent * 24), "at least an array header per datagram");
    }

    [Test]
    public void AllocatesNothingWithAesCmHmacSha1Either()
    {
        using var room = new InMemoryRoom(subscribers: 2, SrtpProfile.Aes128CmHmacSha1_80, packetLength: 256);
        room.Run(20_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        room.Run(50_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.Zero);
            Assert.That(room.Subscribers.Sum(s => s.Failures), Is.Zero, room.Subscribers[0].FirstFailure);
            Assert.That(room.Subscribers[1].RtpReceived, Is.EqualTo(room.MediaPacketsSent));
        });
    }
}
