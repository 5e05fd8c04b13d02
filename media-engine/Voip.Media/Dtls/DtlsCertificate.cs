using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Voip.Media.Dtls;

/// <summary>
/// Our DTLS identity: an ECDSA P-256 key and a self-signed certificate, made once at engine start and shared by
/// every transport. WebRTC does not use PKI — the peer trusts the certificate because its hash travels in the
/// signaled SDP (RFC 8827 §6.5) — so a self-signed certificate is the norm, and P-256 is what browsers use.
/// </summary>
public sealed class DtlsCertificate
{
    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.FromCertificate(der);
        Sha256Fingerprint = Fingerprint.HexValue;
    }

    /// <summary>SHA-256 fingerprint as SDP writes it: <c>AB:CD:…</c> (upper-case hex, colons).</summary>
    public string Sha256Fingerprint { get; }

    /// <summary>The same fingerprint as a value (for <c>a=fingerprint:</c> use <see cref="DtlsFingerprint.ToString"/>).</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER-encoded certificate.</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    internal byte[] Der => _der;

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Makes a fresh P-256 key and a self-signed certificate for it (a few milliseconds once warm).
    /// Validity runs from a day ago (peer clock skew) to 30 days ahead; peers do not check it in WebRTC,
    /// but some stacks reject expired certificates, so an engine running longer should regenerate.
    /// </summary>
    public static DtlsCertificate Generate(string commonName = "voip-media")
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);

        var random = new SecureRandom();
        var keyGen = new ECKeyPairGenerator();
        keyGen.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair pair = keyGen.GenerateKeyPair();

        // Built from (oid, value) lists rather than a "CN=..." string so that a name with ',' or '=' cannot
        // change the structure of the distinguished name.
        var name = new X509Name(new List<DerObjectIdentifier> { X509Name.CN }, new List<string> { commonName });

        var gen = new X509V3CertificateGenerator();
        // RFC 5280 §4.1.2.2: positive, at most 20 octets.
        gen.SetSerialNumber(new BigInteger(1, SecureRandom.GetNextBytes(random, 16)).SetBit(0));
        gen.SetIssuerDN(name);
        gen.SetSubjectDN(name);
        DateTime now = DateTime.UtcNow;
        gen.SetNotBefore(now.AddDays(-1));
        gen.SetNotAfter(now.AddDays(30));
        gen.SetPublicKey(pair.Public);

        X509Certificate cert = gen.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", pair.Private, random));
        return new DtlsCertificate(cert.GetEncoded(), pair.Private);
    }
}
