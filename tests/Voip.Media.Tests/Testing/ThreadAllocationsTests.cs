namespace Voip.Media.Tests.Testing;

/// <summary>The allocation probe the zero-allocation tests rely on must see an allocation when there is one.</summary>
public class ThreadAllocationsTests
{
    private static object? _sink;

    [Test]
    public void SeesAnAllocationMadeInEveryRun() =>
        Assert.That(ThreadAllocations.InQuietestRun(() => _sink = new byte[1000]), Is.GreaterThanOrEqualTo(1000));

    [Test]
    public void IgnoresWorkDoneInOneRunOnly()
    {
        int run = 0;
        long allocated = ThreadAllocations.InQuietestRun(() =>
        {
            if (++run == 5)
            {
                _sink = new byte[100_000]; // a one-off, as the runtime's own tier-up work is
            }
        });
        Assert.That(allocated, Is.Zero);
    }
}
