using Voip.Media.Dtls;

namespace Voip.Media.Tests.Dtls;

/// <summary>A client and a server session wired back to back in memory.</summary>
internal sealed class DtlsPair : IDisposable
{
    private static readonly Lazy<DtlsCertificate> SharedServerCert = new(() => DtlsCertificate.Generate("test-server"));
    private static readonly Lazy<DtlsCertificate> SharedClientCert = new(() => DtlsCertificate.Generate("test-client"));

    public DtlsPair(DtlsOptions? serverOptions = null, DtlsOptions? clientOptions = null,
        DtlsFingerprint? serverExpects = null, DtlsFingerprint? clientExpects = null)
    {
        ServerCert = SharedServerCert.Value;
        ClientCert = SharedClientCert.Value;
        ToServer = new InMemoryDtlsLink();
        ToClient = new InMemoryDtlsLink();
        Server = new DtlsSession(DtlsRole.Server, ServerCert, serverExpects ?? ClientCert.Fingerprint,
            serverOptions ?? DtlsOptions.Default, ToClient, ServerListener);
        Client = new DtlsSession(DtlsRole.Client, ClientCert, clientExpects ?? ServerCert.Fingerprint,
            clientOptions ?? DtlsOptions.Default, ToServer, ClientListener);
        ToServer.Target = Server;
        ToClient.Target = Client;
    }

    public DtlsCertificate ServerCert { get; }

    public DtlsCertificate ClientCert { get; }

    /// <summary>Carries what the client sends.</summary>
    public InMemoryDtlsLink ToServer { get; }

    /// <summary>Carries what the server sends.</summary>
    public InMemoryDtlsLink ToClient { get; }

    public RecordingDtlsListener ServerListener { get; } = new();

    public RecordingDtlsListener ClientListener { get; } = new();

    public DtlsSession Server { get; }

    public DtlsSession Client { get; }

    public void Start()
    {
        Server.Start();
        Client.Start();
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
