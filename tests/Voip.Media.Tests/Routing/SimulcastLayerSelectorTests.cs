using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class SimulcastLayerSelectorTests
{
    // Typical Chromium 3-layer simulcast: 320, 640, 1280 px wide.
    private static readonly SimulcastLayerState[] ThreeLayers =
    [
        new(true, 150_000),
        new(true, 500_000),
        new(true, 1_500_000),
    ];

    [TestCase(2, 0L, 0, 2)]               // unknown bandwidth: the preferred layer
    [TestCase(1, 0L, 0, 1)]
    [TestCase(5, 0L, 0, 2)]               // preference above the top: the top
    [TestCase(2, 10_000_000L, 0, 2)]
    [TestCase(2, 1_000_000L, 2, 1)]       // top does not fit: downgrade
    [TestCase(2, 100_000L, 2, 0)]         // nothing fits: the lowest
    [TestCase(0, 10_000_000L, 2, 0)]      // preference wins over bandwidth
    [TestCase(-1, 10_000_000L, 2, 0)]     // a negative preference means the lowest
    public void PicksHighestFittingLayerUpToThePreference(int preferred, long available, int current, int expected) =>
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, preferred, available, current), Is.EqualTo(expected));

    [Test]
    public void UpgradeNeedsTenPercentHeadroomButKeepingDoesNot()
    {
        // 1.6 Mbps available: the 1.5 Mbps top layer fits (≤ 1.6) but not with headroom (> 1.44).
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 1_600_000, currentSpatial: 1), Is.EqualTo(1), "no upgrade");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 1_600_000, currentSpatial: 2), Is.EqualTo(2), "no downgrade");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 1_666_667, currentSpatial: 1), Is.EqualTo(2), "upgrade at 90%");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 1_499_999, currentSpatial: 2), Is.EqualTo(1), "downgrade below 100%");

        // Not started yet (−1): every candidate is an upgrade.
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 1_600_000, currentSpatial: -1), Is.EqualTo(1));
    }

    [Test]
    public void WithoutCongestionTheHeldLayerIsKeptAndOneStepUpIsAllowed()
    {
        // 400 kbps estimate (a receive-side estimator trailing what it gets): strictly only layer 0 fits.
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 400_000, currentSpatial: 1), Is.EqualTo(0), "strict: downgrade");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 400_000, currentSpatial: 1, heldLayer: 1), Is.EqualTo(1), "held, no step");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 400_000, currentSpatial: 1, heldLayer: 1, mayStepUp: true), Is.EqualTo(2), "one step up");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 400_000, currentSpatial: 0, heldLayer: 0, mayStepUp: true), Is.EqualTo(1), "one step at a time");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 400_000, currentSpatial: 1, heldLayer: 2), Is.EqualTo(2), "a step under way (target above current) is held");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 1, 400_000, currentSpatial: 1, heldLayer: 1, mayStepUp: true), Is.EqualTo(1), "never above the preference");
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 400_000, currentSpatial: -1, heldLayer: -1, mayStepUp: true), Is.EqualTo(0), "not started: the lowest fitting");

        // A layer that fits the estimate is still taken directly.
        Assert.That(SimulcastLayerSelector.Select(ThreeLayers, 2, 10_000_000, currentSpatial: 0, heldLayer: 0), Is.EqualTo(2));

        // The step skips inactive layers.
        SimulcastLayerState[] gap = [new(true, 150_000), new(false, 0), new(true, 1_500_000)];
        Assert.That(SimulcastLayerSelector.Select(gap, 2, 200_000, currentSpatial: 0, heldLayer: 0, mayStepUp: true), Is.EqualTo(2));
    }

    [Test]
    public void InactiveLayersAreSkipped()
    {
        SimulcastLayerState[] layers = [new(true, 150_000), new(false, 0), new(true, 1_500_000)];
        Assert.That(SimulcastLayerSelector.Select(layers, 1, 0, 0), Is.EqualTo(0));
        Assert.That(SimulcastLayerSelector.Select(layers, 2, 1_000_000, 2), Is.EqualTo(0));

        SimulcastLayerState[] onlyTop = [new(false, 0), new(false, 0), new(true, 1_500_000)];
        Assert.That(SimulcastLayerSelector.Select(onlyTop, 0, 0, 0), Is.EqualTo(2), "fallback to the lowest active, above the preference");
        Assert.That(SimulcastLayerSelector.Select(onlyTop, 2, 100_000, 0), Is.EqualTo(2));
    }

    [Test]
    public void UnmeasuredLayerFits()
    {
        SimulcastLayerState[] layers = [new(true, 150_000), new(true, 0)];
        Assert.That(SimulcastLayerSelector.Select(layers, 1, 200_000, 0), Is.EqualTo(1));
    }

    [Test]
    public void NoActiveLayerGivesMinusOne()
    {
        SimulcastLayerState[] none = [new(false, 100), new(false, 200)];
        Assert.That(SimulcastLayerSelector.Select(none, 1, 0, 0), Is.EqualTo(-1));
        Assert.That(SimulcastLayerSelector.Select([], 1, 0, 0), Is.EqualTo(-1));
    }
}
