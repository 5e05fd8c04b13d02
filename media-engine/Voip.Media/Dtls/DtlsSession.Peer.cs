using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

// Callbacks from the BouncyCastle peers (DtlsSrtpServer / DtlsSrtpClient), on the handshake thread.
public sealed partial class DtlsSession
{
    /// <summary>Remembers why we abort and returns the alert to throw.</summary>
    internal TlsFatalAlert RecordFailure(DtlsFailure reason, string detail, short alert)
    {
        _recordedFailure ??= reason;
        _recordedDetail ??= detail;
        return new TlsFatalAlert(alert, detail);
    }

    /// <summary>
    /// RFC 8122 §5 / RFC 8827 §6.5: the peer's end-entity certificate must hash to the fingerprint from
    /// signaling; that is the only thing that authenticates a self-signed WebRTC certificate. BouncyCastle then
    /// checks that the peer holds its key (ServerKeyExchange / CertificateVerify signature).
    /// </summary>
    internal void VerifyPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
            throw RecordFailure(DtlsFailure.NoPeerCertificate, "the peer sent no certificate",
                AlertDescription.handshake_failure);

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        if (!_expectedRemote.Matches(der))
        {
            DtlsFingerprint actual = DtlsFingerprint.FromCertificate(der, _expectedRemote.Algorithm);
            throw RecordFailure(DtlsFailure.FingerprintMismatch,
                $"peer certificate fingerprint {actual} does not match the signaled fingerprint {_expectedRemote}",
                AlertDescription.bad_certificate);
        }
    }

    internal void NotifyCipherSuite(int cipherSuite) => _transport.NotifyCipherSuite(cipherSuite);

    /// <summary>Our certificate and key as BouncyCastle signing credentials (ecdsa_secp256r1_sha256).</summary>
    internal TlsCredentialedSigner CreateSigner(TlsContext context)
    {
        var certificate = new Certificate([_crypto.CreateCertificate(_local.Der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), _crypto, _local.PrivateKey,
            certificate, new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>RFC 5764 §4.2: export the SRTP master keys and salts with the "EXTRACTOR-dtls_srtp" label.</summary>
    internal void ExportKeys(TlsContext context, SrtpProfile profile)
    {
        if (profile == SrtpProfile.None)
            throw RecordFailure(DtlsFailure.NoCommonSrtpProfile, "no SRTP profile was negotiated",
                AlertDescription.internal_error);
        byte[] exported = context.ExportKeyingMaterial(DtlsSrtpProfiles.ExporterLabel, null,
            DtlsSrtpProfiles.ExportLength(profile));
        Volatile.Write(ref _keys, DtlsSrtpProfiles.Split(profile, exported, Role));
        Array.Clear(exported);
    }
}
