using Voip.ControlPlane.Media;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Tests.Media;

public sealed class MediaEnginePlacementTests
{
    private static MediaEngineNode Node(string id, bool healthy, uint transports = 0, uint routers = 0, double cpu = 0) =>
        new(id, new Uri("http://127.0.0.1:1"), new FakeEngineClient())
        {
            Healthy = healthy,
            Load = new MediaEngineLoad(transports, routers, 0, 0, cpu),
        };

    [Test]
    public void Least_loaded_healthy_engine_wins()
    {
        var busy = Node("busy", true, transports: 40, routers: 4);
        var idle = Node("idle", true, transports: 2, routers: 1);
        var dead = Node("dead", false);

        Assert.That(MediaEnginePlacement.Choose([busy, dead, idle]), Is.SameAs(idle));
    }

    [Test]
    public void Cpu_load_outweighs_transport_counts()
    {
        var hot = Node("hot", true, transports: 2, cpu: 0.9);
        var many = Node("many", true, transports: 30, cpu: 0.1);

        Assert.That(MediaEnginePlacement.Choose([hot, many]), Is.SameAs(many));
    }

    [Test]
    public void No_healthy_engine_means_no_placement()
    {
        Assert.That(MediaEnginePlacement.Choose([Node("a", false), Node("b", false)]), Is.Null);
        Assert.That(MediaEnginePlacement.Choose([]), Is.Null);
    }

    [Test]
    public void Rooms_placed_since_the_last_poll_spread_a_burst()
    {
        var a = Node("a", true);
        var b = Node("b", true);
        var chosen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var engine = MediaEnginePlacement.Choose([a, b])!;
            engine.AddPending();
            chosen.Add(engine.Id);
        }

        Assert.That(chosen, Is.EqualTo(new[] { "a", "b", "a", "b" }));
    }

    [Test]
    public void Backoff_doubles_up_to_the_cap()
    {
        var initial = TimeSpan.FromMilliseconds(250);
        var max = TimeSpan.FromSeconds(10);
        var delays = Enumerable.Range(0, 8).Select(i => MediaBackoff.Delay(i, initial, max).TotalMilliseconds).ToArray();

        Assert.That(delays, Is.EqualTo(new double[] { 250, 500, 1000, 2000, 4000, 8000, 10000, 10000 }));
        Assert.That(MediaBackoff.Delay(int.MaxValue, initial, max), Is.EqualTo(max));
    }

    [Test]
    public void Engine_load_score_counts_pending_rooms()
    {
        var load = new MediaEngineLoad(10, 2, 0, 0, 0);

        Assert.That(load.Score(0), Is.EqualTo(14));
        Assert.That(load.Score(3), Is.EqualTo(20));
        Assert.That(new V1.EngineInfo().CpuLoad, Is.Zero, "an engine that does not report CPU yet scores by counts only");
    }
}
