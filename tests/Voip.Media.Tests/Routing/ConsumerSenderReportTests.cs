namespace Voip.Media.Tests.Routing;

/// <summary>
/// The Sender Reports a subscriber gets carry the publisher's own NTP↔RTP mapping (RFC 3550 §6.4.1), shifted into
/// the consumer's output timeline, rather than one made up from packet arrival — what lip sync needs.
/// </summary>
public sealed class ConsumerSenderReportTests
{
    [Test]
    public void ConsumerSenderReport_FollowsThePublishersMapping()
    {
        // The publisher's reports say its RTP clock is far ahead of its packets' stamps (as a capture clock can be).
        // A report built from the last forwarded packet would sit near that packet's stamp; one that follows the
        // publisher sits about the skew ahead of it.
        const uint Skew = 0x4000_0000;
        using var room = new InMemoryRoom(subscribers: 2) { SenderReportSkew = Skew };
        room.Run(5_000);
        Assert.Multiple(() =>
        {
            foreach (var subscriber in room.Subscribers)
            {
                Assert.That(subscriber.LastSenderReport, Is.Not.Null, "the consumer sent Sender Reports");
                var (rtp, lastMedia) = subscriber.LastSenderReport!.Value;
                // Between the publisher's report and ours the synthetic stream stamps 1000 ticks per millisecond while
                // a 90 kHz clock moves 90, so ours lands up to ~0.9 M ticks below the skew (reports are ≤ 1 s apart).
                int fromSkew = (int)(rtp - lastMedia - Skew);
                Assert.That(fromSkew, Is.InRange(-1_000_000, 1_000), $"subscriber {subscriber.Index}");
            }
        });
    }
}
