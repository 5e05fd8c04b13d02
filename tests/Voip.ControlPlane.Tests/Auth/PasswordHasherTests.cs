using Microsoft.Extensions.Options;
using Voip.ControlPlane.Auth;

namespace Voip.ControlPlane.Tests.Auth;

public class PasswordHasherTests
{
    [Test]
    public void DefaultCost_Is600000Iterations() =>
        Assert.That(new PasswordHasherOptions().Iterations, Is.EqualTo(600_000));

    [Test]
    public void Hash_IsSaltedAndVerifies()
    {
        var hasher = new PasswordHasher(Options.Create(new PasswordHasherOptions { Iterations = 1000 }));
        var a = hasher.Hash("p4ssword!");
        var b = hasher.Hash("p4ssword!");
        Assert.That(a, Is.Not.EqualTo(b), "per-user salt");
        Assert.That(a, Does.StartWith("pbkdf2-sha256$1000$"));
        Assert.That(PasswordHasher.Verify("p4ssword!", a), Is.True);
        Assert.That(PasswordHasher.Verify("p4ssword?", a), Is.False);
    }

    [Test]
    public void Verify_UsesTheIterationCountStoredWithTheHash()
    {
        var old = new PasswordHasher(Options.Create(new PasswordHasherOptions { Iterations = 1000 })).Hash("s3cret-pass");
        var current = new PasswordHasher(Options.Create(new PasswordHasherOptions { Iterations = 2000 }));
        Assert.That(current.Iterations, Is.EqualTo(2000));
        Assert.That(PasswordHasher.Verify("s3cret-pass", old), Is.True);
        var forged = old.Replace("$1000$", "$1001$", StringComparison.Ordinal);
        Assert.That(PasswordHasher.Verify("s3cret-pass", forged), Is.False);
    }

    [TestCase("")]
    [TestCase("pbkdf2-sha256$abc$AAAA$AAAA")]
    [TestCase("pbkdf2-sha256$0$AAAA$AAAA")]
    [TestCase("bcrypt$10$xx$yy")]
    [TestCase("pbkdf2-sha256$1000$not-base64!$AAAA")]
    [TestCase("pbkdf2-sha256$1000$AAAA$AAAA")]
    public void Verify_MalformedHash_IsFalse(string encoded) => Assert.That(PasswordHasher.Verify("x", encoded), Is.False);
}
