using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

public class DtlsCertificateTests
{
    [Test]
    public void Generate_MakesSelfSignedP256EcdsaCertificate()
    {
        DtlsCertificate cert = DtlsCertificate.Generate("unit, test=1");
        using X509Certificate2 x509 = X509CertificateLoader.LoadCertificate(cert.DerEncoded);
        using ECDsa? key = x509.GetECDsaPublicKey();

        Assert.That(key, Is.Not.Null);
        Assert.That(key!.ExportParameters(false).Curve.Oid.Value, Is.EqualTo("1.2.840.10045.3.1.7"), "P-256");
        Assert.That(x509.SignatureAlgorithm.Value, Is.EqualTo("1.2.840.10045.4.3.2"), "ecdsa-with-SHA256");
        Assert.That(x509.GetNameInfo(X509NameType.SimpleName, false), Is.EqualTo("unit, test=1"));
        Assert.That(x509.Subject, Is.EqualTo(x509.Issuer));
        Assert.That(x509.NotBefore.ToUniversalTime(), Is.LessThan(DateTime.UtcNow));
        Assert.That(x509.NotAfter.ToUniversalTime(), Is.GreaterThan(DateTime.UtcNow.AddDays(7)));

        // Self-signed: the certificate's own key verifies its signature.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(x509);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.That(chain.Build(x509), Is.True, string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Test]
    public void Sha256Fingerprint_IsSdpFormatOfDerHash()
    {
        DtlsCertificate cert = DtlsCertificate.Generate();
        byte[] hash = SHA256.HashData(cert.DerEncoded);

        Assert.That(cert.Sha256Fingerprint, Does.Match(new Regex("^([0-9A-F]{2}:){31}[0-9A-F]{2}$")));
        Assert.That(cert.Sha256Fingerprint, Is.EqualTo(Convert.ToHexString(hash).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b)));
        Assert.That(cert.Fingerprint.Matches(cert.DerEncoded), Is.True);
    }

    [Test]
    public void Generate_MakesDistinctKeysEachTime()
    {
        DtlsCertificate a = DtlsCertificate.Generate();
        DtlsCertificate b = DtlsCertificate.Generate();

        Assert.That(a.Sha256Fingerprint, Is.Not.EqualTo(b.Sha256Fingerprint));
    }
}
