using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Voip.Media.Srtp;

namespace Voip.Media.Dtls;

/// <summary>
/// BouncyCastle client peer for one <see cref="DtlsSession"/>: offers our SRTP profiles in preference order
/// (RFC 5764 §4.1.1), checks the server's certificate against the signaled fingerprint, answers the server's
/// CertificateRequest with our certificate, and exports the SRTP keys (RFC 5764 §4.2).
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly DtlsSession _session;
    private SrtpProfile _selected;

    public DtlsSrtpClient(DtlsSession session, TlsCrypto crypto)
        : base(crypto)
    {
        _session = session;
    }

    internal DtlsSession Session => _session;

    internal TlsClientContext Context => m_context;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() =>
        TlsUtilities.GetSupportedCipherSuites(Crypto, DtlsCipherSuites.Client);

    public override void NotifySelectedCipherSuite(int selectedCipherSuite)
    {
        base.NotifySelectedCipherSuite(selectedCipherSuite);
        _session.NotifyCipherSuite(selectedCipherSuite);
    }

    public override int GetHandshakeTimeoutMillis() => _session.RemainingHandshakeMillis();

    public override int GetHandshakeResendTimeMillis() => _session.InitialRetransmitMillis;

    public override int GetMaxHandshakeMessageSize() => DtlsDatagramTransport.MaxHandshakeMessageLength;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        SrtpProfile[] preference = _session.Options.ProfilePreference;
        int[] ids = new int[preference.Length];
        for (int i = 0; i < ids.Length; i++)
            ids[i] = (int)preference[i];
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(ids, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        UseSrtpData? chosen = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (chosen is null)
            throw _session.RecordFailure(DtlsFailure.NoCommonSrtpProfile, "the server did not select an SRTP profile",
                AlertDescription.handshake_failure);

        // RFC 5764 §4.1.1: the server answers with exactly one of the offered profiles.
        SrtpProfile selected = chosen.ProtectionProfiles.Length == 1
            ? DtlsSrtpProfiles.Select(_session.Options.ProfilePreference, chosen.ProtectionProfiles)
            : SrtpProfile.None;
        if (selected == SrtpProfile.None)
            throw _session.RecordFailure(DtlsFailure.NoCommonSrtpProfile,
                "the server selected SRTP profile(s) we did not offer: " + DtlsSession.FormatProfiles(chosen.ProtectionProfiles),
                AlertDescription.illegal_parameter);
        _selected = selected;
    }

    public override TlsAuthentication GetAuthentication() => new DtlsSrtpClientAuthentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        _session.ExportKeys(m_context, _selected);
    }
}
