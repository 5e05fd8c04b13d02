using Voip.Media.Diagnostics;

namespace Voip.Media.Tests.Diagnostics;

public sealed class LoadWindowTests
{
    [Test]
    public void FewerThanTwoSamples_ReportNoLoad()
    {
        var window = new LoadWindow();
        Assert.That(window.Snapshot(), Is.EqualTo((0.0, 0L)));
        window.Add(1_000, TimeSpan.FromSeconds(3), 500);
        Assert.That(window.Snapshot(), Is.EqualTo((0.0, 0L)));
    }

    [Test]
    public void CpuAndPacketRate_AreDeltasOverTheWindow()
    {
        var window = new LoadWindow();
        window.Add(10_000, TimeSpan.FromSeconds(100), 1_000);
        // 2 s later: 1.5 s of CPU (0.75 cores), 20,000 packets (10,000/s).
        window.Add(12_000, TimeSpan.FromSeconds(101.5), 21_000);
        var (cpu, pps) = window.Snapshot();
        Assert.That(cpu, Is.EqualTo(0.75).Within(1e-9));
        Assert.That(pps, Is.EqualTo(10_000));
    }

    [Test]
    public void OldSamples_LeaveTheWindow()
    {
        var window = new LoadWindow();
        // A busy start (2 cores), then idle seconds: once the busy second has left the window, the load is zero.
        window.Add(0, TimeSpan.Zero, 0);
        window.Add(1_000, TimeSpan.FromSeconds(2), 50_000);
        for (var s = 2; s <= LoadWindow.Capacity + 1; s++)
        {
            window.Add(s * 1_000, TimeSpan.FromSeconds(2), 50_000);
        }

        Assert.That(window.Snapshot(), Is.EqualTo((0.0, 0L)));
        window.Add((LoadWindow.Capacity + 2) * 1_000, TimeSpan.FromSeconds(2.5), 53_000);
        var (cpu, pps) = window.Snapshot();
        Assert.That(cpu, Is.EqualTo(0.5 / (LoadWindow.Capacity - 1)).Within(1e-9));
        Assert.That(pps, Is.EqualTo(3_000 / (LoadWindow.Capacity - 1)));
    }

    [Test]
    public void CountersGoingBackwards_GiveZeroNotNegative()
    {
        var window = new LoadWindow();
        window.Add(0, TimeSpan.FromSeconds(5), 1_000);
        window.Add(1_000, TimeSpan.FromSeconds(4), 10);
        Assert.That(window.Snapshot(), Is.EqualTo((0.0, 0L)));
    }
}
