using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class KeyFrameRequestThrottleTests
{
    [Test]
    public void FirstRequestGoesOutThenOnePerInterval()
    {
        var throttle = new KeyFrameRequestThrottle(500);
        Assert.That(throttle.TryRequest(1000), Is.True);
        Assert.That(throttle.TryRequest(1001), Is.False);
        Assert.That(throttle.TryRequest(1499), Is.False);
        Assert.That(throttle.Throttled, Is.EqualTo(2));
        Assert.That(throttle.TryRequest(1500), Is.True);
        Assert.That(throttle.HasPending, Is.False, "the granted request covers the remembered ones");
    }

    [Test]
    public void RefusedRequestIsGrantedOnceWhenTheIntervalPasses()
    {
        var throttle = new KeyFrameRequestThrottle(500);
        Assert.That(throttle.TakePending(0), Is.False, "nothing pending");
        Assert.That(throttle.TryRequest(0), Is.True);
        Assert.That(throttle.TakePending(600), Is.False, "nothing was refused");
        Assert.That(throttle.TryRequest(700), Is.True);
        Assert.That(throttle.TryRequest(800), Is.False);
        Assert.That(throttle.HasPending, Is.True);
        Assert.That(throttle.TakePending(1199), Is.False);
        Assert.That(throttle.TakePending(1200), Is.True);
        Assert.That(throttle.TakePending(1800), Is.False, "taken once");

        // The pending grant restarts the interval.
        Assert.That(throttle.TryRequest(1699), Is.False);
        Assert.That(throttle.TakePending(1700), Is.True);
    }

    [Test]
    public void WorksAtAnyClockOriginIncludingNegative()
    {
        var throttle = new KeyFrameRequestThrottle(500);
        Assert.That(throttle.TryRequest(-10_000), Is.True);
        Assert.That(throttle.TryRequest(-9_600), Is.False);
        Assert.That(throttle.TakePending(-9_500), Is.True);
    }

    [Test]
    public void ResetForgetsTheIntervalAndThePendingRequest()
    {
        var throttle = new KeyFrameRequestThrottle(500);
        throttle.TryRequest(0);
        throttle.TryRequest(10);
        throttle.Reset();
        Assert.That(throttle.HasPending, Is.False);
        Assert.That(throttle.TakePending(1000), Is.False);
        Assert.That(throttle.TryRequest(20), Is.True);
    }
}
