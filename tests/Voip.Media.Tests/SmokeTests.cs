namespace Voip.Media.Tests;

public class SmokeTests
{
    [Test]
    public void AssemblyLoads() => Assert.That(typeof(Voip.Media.Srtp.SrtpProfile).Assembly.GetName().Name, Is.EqualTo("Voip.Media"));
}
