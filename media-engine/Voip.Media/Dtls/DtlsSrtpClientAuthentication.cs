using Org.BouncyCastle.Tls;

namespace Voip.Media.Dtls;

/// <summary>Client-side certificate handling: fingerprint check of the server, our certificate on request.</summary>
internal sealed class DtlsSrtpClientAuthentication : TlsAuthentication
{
    private readonly DtlsSrtpClient _client;

    public DtlsSrtpClientAuthentication(DtlsSrtpClient client) => _client = client;

    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
        _client.Session.VerifyPeerCertificate(serverCertificate.Certificate);

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
        _client.Session.CreateSigner(_client.Context);
}
