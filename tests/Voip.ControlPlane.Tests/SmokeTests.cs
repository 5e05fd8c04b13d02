namespace Voip.ControlPlane.Tests;

public class SmokeTests
{
    [Test]
    public void AssemblyLoads() => Assert.That(typeof(Program).Assembly.GetName().Name, Is.EqualTo("voip-control-plane"));
}
