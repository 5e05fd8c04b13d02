using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

/// <summary>
/// BouncyCastle server peer for one <see cref="DtlsSession"/>: DTLS 1.2 only, ECDHE-ECDSA AEAD suites,
/// <c>use_srtp</c> selection (RFC 5764 §4.1.1), a mandatory client certificate checked against the signaled
/// fingerprint (RFC 8827 §6.5), and the SRTP key export once the handshake completes (RFC 5764 §4.2).
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly DtlsSession _session;
    private SrtpProfile _selected;

    public DtlsSrtpServer(DtlsSession session, TlsCrypto crypto)
        : base(crypto)
    {
        _session = session;
    }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsCipherSuites.Server);

    // Our order (AES-128-GCM first) rather than the client's: it is the cheapest for us to run.
    protected override bool PreferLocalCipherSuites() => true;

    public override int GetSelectedCipherSuite()
    {
        int suite = base.GetSelectedCipherSuite();
        _session.NotifyCipherSuite(suite);
        return suite;
    }

    public override int GetHandshakeTimeoutMillis() => _session.RemainingHandshakeMillis();

    public override int GetHandshakeResendTimeMillis() => _session.InitialRetransmitMillis;

    // Certificates in WebRTC are small self-signed ones; refuse to reassemble anything much bigger.
    public override int GetMaxHandshakeMessageSize() => DtlsDatagramTransport.MaxHandshakeMessageLength;

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        UseSrtpData? offered = clientExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offered is null)
            throw _session.RecordFailure(DtlsFailure.NoCommonSrtpProfile, "the client sent no use_srtp extension",
                AlertDescription.handshake_failure);

        _selected = DtlsSrtpProfiles.Select(_session.Options.ProfilePreference, offered.ProtectionProfiles);
        if (_selected == SrtpProfile.None)
            throw _session.RecordFailure(DtlsFailure.NoCommonSrtpProfile,
                "no common SRTP profile: client offered " + DtlsSession.FormatProfiles(offered.ProtectionProfiles),
                AlertDescription.handshake_failure);
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetServerExtensions();
        // RFC 5764 §4.1.1: exactly one profile; an empty MKI says we do not use MKIs.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)_selected], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override CertificateRequest GetCertificateRequest()
    {
        // WebRTC needs the client's certificate to bind it to the signaled fingerprint. No CA list: the
        // certificates are self-signed.
        short[] types = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        return new CertificateRequest(types, TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _session.VerifyPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => _session.CreateSigner(m_context);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _session.ExportKeys(m_context, _selected);
    }
}
