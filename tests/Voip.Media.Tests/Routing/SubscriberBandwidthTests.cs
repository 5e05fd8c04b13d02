using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class SubscriberBandwidthTests
{
    [Test]
    public void NoEstimateMeansNoLimitAndNoExtraAllowance()
    {
        var bandwidth = new SubscriberBandwidth();
        Assert.That(bandwidth.EstimateBps, Is.Zero);
        Assert.That(bandwidth.MayExceedEstimate(1_000), Is.False, "without an estimate the selector ignores bandwidth anyway");
    }

    [Test]
    public void RisingOrSteadyEstimatesAreNotCongestion()
    {
        var bandwidth = new SubscriberBandwidth();
        bandwidth.OnEstimate(400_000, 0);
        bandwidth.OnEstimate(420_000, 1_000);
        bandwidth.OnEstimate(400_000, 2_000); // −4.8 %: within the noise
        Assert.That(bandwidth.CongestionEvents, Is.Zero);
        Assert.That(bandwidth.MayExceedEstimate(2_000), Is.True);
    }

    [Test]
    public void ADropBindsTheEstimateForTheBackoff()
    {
        var bandwidth = new SubscriberBandwidth();
        bandwidth.OnEstimate(1_000_000, 0);
        bandwidth.OnEstimate(850_000, 10_000);
        Assert.That(bandwidth.CongestionEvents, Is.EqualTo(1));
        Assert.That(bandwidth.EstimateBps, Is.EqualTo(850_000));
        Assert.That(bandwidth.MayExceedEstimate(10_000 + SubscriberBandwidth.InitialBackoffMs - 1), Is.False);
        Assert.That(bandwidth.MayExceedEstimate(10_000 + SubscriberBandwidth.InitialBackoffMs), Is.True);
    }

    [Test]
    public void StepsThatMeetCongestionBackOffExponentially_AndAStepThatHoldsResets()
    {
        var bandwidth = new SubscriberBandwidth();
        bandwidth.OnEstimate(1_000_000, 0);
        long now = 0;
        int expected = SubscriberBandwidth.InitialBackoffMs;
        for (int i = 0; i < 6; i++)
        {
            now += 10_000;
            bandwidth.OnStepUp(now);
            bandwidth.OnEstimate(500_000, now + 1_000); // congestion right after the step
            expected = Math.Min(SubscriberBandwidth.MaxBackoffMs, expected * 2);
            Assert.That(bandwidth.Backoff, Is.EqualTo(expected), $"failed step {i + 1}");
            bandwidth.OnEstimate(1_000_000, now + 2_000);
        }

        Assert.That(bandwidth.Backoff, Is.EqualTo(SubscriberBandwidth.MaxBackoffMs));

        // A step that holds through the trial window, then the next step: the backoff starts over.
        now += 60_000;
        bandwidth.OnStepUp(now);
        now += SubscriberBandwidth.TrialWindowMs;
        bandwidth.OnStepUp(now);
        Assert.That(bandwidth.Backoff, Is.EqualTo(SubscriberBandwidth.InitialBackoffMs));

        // Congestion long after any step is the link changing, not a failed step.
        bandwidth.OnEstimate(400_000, now + SubscriberBandwidth.TrialWindowMs + 1);
        Assert.That(bandwidth.Backoff, Is.EqualTo(SubscriberBandwidth.InitialBackoffMs));
    }

    [Test]
    public void StepsBeyondTheEstimateAreSpacedPerTransport()
    {
        var bandwidth = new SubscriberBandwidth();
        bandwidth.OnEstimate(400_000, 0);
        Assert.That(bandwidth.MayStepUp(100), Is.True);
        bandwidth.OnStepUp(100);
        Assert.That(bandwidth.MayExceedEstimate(200), Is.True, "consumers keep their layers");
        Assert.That(bandwidth.MayStepUp(100 + SubscriberBandwidth.StepSpacingMs - 1), Is.False, "another consumer waits");
        Assert.That(bandwidth.MayStepUp(100 + SubscriberBandwidth.StepSpacingMs), Is.True);

        bandwidth.OnEstimate(300_000, 2_000); // congestion
        Assert.That(bandwidth.MayStepUp(2_000 + SubscriberBandwidth.StepSpacingMs), Is.False, "no steps while the estimate binds");
    }

    [Test]
    public void HeavyLossIsCongestionAndOneStepDoublesTheBackoffOnce()
    {
        var bandwidth = new SubscriberBandwidth();
        bandwidth.OnEstimate(400_000, 0);
        bandwidth.OnLossReport(SubscriberBandwidth.CongestionLossFraction - 1, 1_000);
        Assert.That(bandwidth.CongestionEvents, Is.Zero, "ordinary loss (a lossy link) is not congestion");
        Assert.That(bandwidth.MayExceedEstimate(1_000), Is.True);

        bandwidth.OnStepUp(5_000);
        bandwidth.OnLossReport(200, 6_000); // the step overflowed a bottleneck's queue
        bandwidth.OnLossReport(180, 7_000);
        bandwidth.OnLossReport(190, 8_000);
        Assert.That(bandwidth.CongestionEvents, Is.EqualTo(3));
        Assert.That(bandwidth.Backoff, Is.EqualTo(SubscriberBandwidth.InitialBackoffMs * 2), "one failed step, one doubling");
        Assert.That(bandwidth.MayExceedEstimate(8_000 + bandwidth.Backoff - 1), Is.False);
        Assert.That(bandwidth.MayExceedEstimate(8_000 + bandwidth.Backoff), Is.True);
    }

    [Test]
    public void RetransmissionsFitTheRoomTheEstimateLeavesAboveTheMedia()
    {
        var bandwidth = new SubscriberBandwidth();
        bandwidth.OnEstimate(550_000, 0);

        // 350 kbps of media under a 550 kbps estimate: 200 kbps (25,000 bytes) a second for repairs.
        int taken = 0;
        while (bandwidth.TryTakeRetransmission(1_000, 350_000, 1_000))
        {
            taken++;
        }

        // The meter spreads the last second over 0.9–1 s of buckets, so the count can be ~10% under the budget.
        Assert.That(taken, Is.InRange(22, 25));
        Assert.That(bandwidth.RetransmissionsOverBudget, Is.EqualTo(1));
        Assert.That(bandwidth.TryTakeRetransmission(1_000, 350_000, 2_100), Is.True, "the budget is per second");

        // Media at or above the estimate still leaves a quarter of the media rate, and never less than the floor.
        var saturated = new SubscriberBandwidth();
        saturated.OnEstimate(300_000, 0);
        taken = 0;
        while (saturated.TryTakeRetransmission(1_000, 800_000, 1_000))
        {
            taken++;
        }

        Assert.That(taken, Is.InRange(22, 25), "a quarter of 800 kbps");

        var quiet = new SubscriberBandwidth(); // no estimate, little media: the floor
        taken = 0;
        while (quiet.TryTakeRetransmission(1_000, 40_000, 1_000))
        {
            taken++;
        }

        Assert.That(taken, Is.InRange(11, 12), "100 kbps");
    }
}
