using System.Security.Cryptography;
using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

public class DtlsFingerprintTests
{
    private static readonly byte[] Der = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();

    [Test]
    public void FromCertificate_FormatsUpperHexWithColons()
    {
        DtlsFingerprint fp = DtlsFingerprint.FromCertificate(Der);
        byte[] expected = SHA256.HashData(Der);

        Assert.That(fp.Algorithm, Is.EqualTo("sha-256"));
        Assert.That(fp.Hash.ToArray(), Is.EqualTo(expected));
        Assert.That(fp.HexValue, Is.EqualTo(string.Join(":", expected.Select(b => b.ToString("X2")))));
        Assert.That(fp.ToString(), Is.EqualTo("sha-256 " + fp.HexValue));
    }

    [TestCase("sha-1", 20)]
    [TestCase("sha-256", 32)]
    [TestCase("sha-384", 48)]
    [TestCase("sha-512", 64)]
    public void TryParse_RoundTripsEachHash(string algorithm, int length)
    {
        DtlsFingerprint original = DtlsFingerprint.FromCertificate(Der, algorithm);

        Assert.That(DtlsFingerprint.TryParse(original.ToString(), out DtlsFingerprint parsed), Is.True);
        Assert.That(parsed.Algorithm, Is.EqualTo(algorithm));
        Assert.That(parsed.Hash.Length, Is.EqualTo(length));
        Assert.That(parsed.Hash.ToArray(), Is.EqualTo(original.Hash.ToArray()));
        Assert.That(parsed.Matches(Der), Is.True);
    }

    [Test]
    public void TryParse_IsCaseInsensitiveAndAcceptsAttributePrefix()
    {
        DtlsFingerprint original = DtlsFingerprint.FromCertificate(Der);
        string sdp = "a=fingerprint:SHA-256 " + original.HexValue.ToLowerInvariant() + "\r\n";

        Assert.That(DtlsFingerprint.TryParse(sdp, out DtlsFingerprint parsed), Is.True);
        Assert.That(parsed.Algorithm, Is.EqualTo("sha-256"));
        Assert.That(parsed.HexValue, Is.EqualTo(original.HexValue));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("sha-256")]
    [TestCase("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [TestCase("sha-1 AB:CD")]
    [TestCase("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:0G")]
    [TestCase("sha-1 AB-CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01")]
    [TestCase("sha-1 ABCD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:2")]
    [TestCase("sha-1 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23")]
    public void TryParse_RejectsMalformed(string? value)
    {
        Assert.That(DtlsFingerprint.TryParse(value, out _), Is.False);
    }

    [Test]
    public void Matches_RejectsOtherCertificate()
    {
        DtlsFingerprint fp = DtlsFingerprint.FromCertificate(Der);
        byte[] other = (byte[])Der.Clone();
        other[^1] ^= 1;

        Assert.That(fp.Matches(Der), Is.True);
        Assert.That(fp.Matches(other), Is.False);
        Assert.That(DtlsFingerprint.FromCertificate(Der, "sha-1").Matches(other), Is.False);
    }

    [Test]
    public void FromCertificate_RejectsUnknownHash()
    {
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.FromCertificate(Der, "md5"));
    }
}
