using Voip.Media.Ice;

namespace Voip.Media.Tests.Ice;

public class IceCredentialsTests
{
    [Test]
    public void Generate_MeetsRfc8445Lengths_AndUsesIceChars()
    {
        IceCredentials c = IceCredentials.Generate();
        Assert.That(c.Ufrag, Has.Length.GreaterThanOrEqualTo(8));
        Assert.That(c.Password, Has.Length.GreaterThanOrEqualTo(24));
        Assert.That(IceCredentials.IsValidUfrag(c.Ufrag), Is.True);
        Assert.That(IceCredentials.IsValidPassword(c.Password), Is.True);
        Assert.That(c.Ufrag, Does.Match("^[A-Za-z0-9+/]+$"));
        Assert.That(c.Password, Does.Match("^[A-Za-z0-9+/]+$"));
    }

    [Test]
    public void Generate_IsRandom()
    {
        var ufrags = new HashSet<string>();
        var chars = new HashSet<char>();
        for (int i = 0; i < 200; i++)
        {
            IceCredentials c = IceCredentials.Generate();
            ufrags.Add(c.Ufrag);
            chars.UnionWith(c.Password);
        }

        Assert.That(ufrags, Has.Count.EqualTo(200));
        Assert.That(chars, Has.Count.GreaterThan(55), "the whole 64-char alphabet is in use");
    }

    [TestCase("abc", false)]
    [TestCase("abcd", true)]
    [TestCase("ab:d", false)]
    [TestCase("ab d", false)]
    public void IsValidUfrag(string ufrag, bool expected) => Assert.That(IceCredentials.IsValidUfrag(ufrag), Is.EqualTo(expected));

    [Test]
    public void IsValidPassword_NeedsAtLeast22()
    {
        Assert.That(IceCredentials.IsValidPassword(new string('a', 21)), Is.False);
        Assert.That(IceCredentials.IsValidPassword(new string('a', 22)), Is.True);
    }
}
