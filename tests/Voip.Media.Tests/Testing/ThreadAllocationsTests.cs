namespace Voip.Media.Tests.Testing;

/// <summary>The allocation probe the zero-allocation tests rely on must see an allocation when there is one.</summary>
public class ThreadAllocationsTests
{
    private static object? _sink;

    [Test]
    public void SeesAnAllocationInTheMeasuredRun() =>
        Assert.That(ThreadAllocations.InLastRun(() => _sink = new byte[1000]), Is.GreaterThanOrEqualTo(1000));

    [Test]
    public void MeasuresOnlyTheLastRun()
    {
        int run = 0;
        long allocated = ThreadAllocations.InLastRun(() =>
        {
            if (++run < 5)
            {
                _sink = new byte[100_000]; // the warm-up runs' work is not counted
            }
        });
        Assert.That(allocated, Is.Zero);
    }
}
