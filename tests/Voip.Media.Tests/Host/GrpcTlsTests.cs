using System.Net;
using System.Net.NetworkInformation;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Voip.Media.Control.V1;

namespace Voip.Media.Tests.Host;

/// <summary>
/// The gRPC API on a non-loopback address: only with TLS (a self-signed certificate made here) and the
/// token; a client that trusts the certificate gets in, plaintext and untrusting clients do not, and a
/// missing certificate or token stops the engine from starting with a message saying what to set.
/// </summary>
[TestFixture]
[Category("Interop")]
public sealed class GrpcTlsTests
{
    private const string Token = "tls-token-0123456789abcdef0123";
    private string _dir = null!;
    private string _certPath = null!;
    private string _keyPath = null!;
    private X509Certificate2 _certificate = null!;
    private IPAddress? _address;

    [OneTimeSetUp]
    public void CreateCertificate()
    {
        _address = NonLoopbackAddress();
        _dir = Directory.CreateTempSubdirectory("voip-grpc-tls-").FullName;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=voip-media test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(_address ?? IPAddress.Loopback);
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _certPath = Path.Combine(_dir, "cert.pem");
        _keyPath = Path.Combine(_dir, "key.pem");
        File.WriteAllText(_certPath, _certificate.ExportCertificatePem());
        File.WriteAllText(_keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    [OneTimeTearDown]
    public void DeleteCertificate()
    {
        _certificate?.Dispose();
        if (_dir is not null)
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>The first up, non-loopback IPv4 address of this machine, or null.</summary>
    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    private IPAddress RequireAddress()
    {
        if (_address is null)
        {
            Assert.Ignore("this machine has no non-loopback IPv4 address (`ip -4 addr`), so a non-loopback listener cannot be tested here");
        }

        return _address!;
    }

    private string[] Args(IPAddress address, bool cert = true, bool token = true) =>
    [
        "--grpc", $"{address}:0", "--rtc-port-base", "0", "--shards", "1",
        .. cert ? new[] { "--grpc-tls-cert", _certPath, "--grpc-tls-key", _keyPath } : [],
        .. token ? new[] { "--grpc-token", Token } : [],
    ];

    /// <summary>A channel that trusts exactly our self-signed certificate (as its own root).</summary>
    private GrpcChannel TrustingChannel(string address)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
        {
            if (presented is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_certificate);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var leaf = new X509Certificate2(presented);
            return chain.Build(leaf);
        };
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = handler });
    }

    /// <summary>The error line, without the usage text printed after it.</summary>
    private static string FirstLine(string output) => output.Split('\n')[0];

    private static Metadata Bearer => new() { { "authorization", "Bearer " + Token } };

    [Test]
    public async Task TrustingClientWithTokenGetsIn()
    {
        var address = RequireAddress();
        await using var engine = await EngineRun.StartAsync(Args(address));
        Assert.That(engine.GrpcAddress, Does.StartWith($"https://{address}:"), engine.Output);

        using var channel = TrustingChannel(engine.GrpcAddress!);
        var client = new MediaEngine.MediaEngineClient(channel);
        var info = await client.GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer);
        Assert.That(info.DtlsFingerprintSha256, Is.Not.Empty);

        // TLS alone is not enough: the token is still checked.
        var ex = Assert.ThrowsAsync<RpcException>(async () => await client.GetEngineInfoAsync(new GetEngineInfoRequest()));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));

        // Reflection over TLS, as `grpcurl -cacert cert.pem -H 'authorization: Bearer …' ADDR list` does.
        Assert.That(await ReflectionTests.ListServicesAsync(channel, Bearer), Does.Contain("voip.media.v1.MediaEngine"));
    }

    [Test]
    public async Task PlaintextAndUntrustingClientsFail()
    {
        var address = RequireAddress();
        await using var engine = await EngineRun.StartAsync(Args(address));
        Assert.That(engine.GrpcAddress, Is.Not.Null, engine.Output);

        // Plaintext HTTP/2 to a TLS port: the server sees garbage instead of a ClientHello.
        using (var plaintext = GrpcChannel.ForAddress(engine.GrpcAddress!.Replace("https://", "http://", StringComparison.Ordinal)))
        {
            var ex = Assert.ThrowsAsync<RpcException>(async () =>
                await new MediaEngine.MediaEngineClient(plaintext).GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer, deadline: DateTime.UtcNow.AddSeconds(10)));
            Assert.That(ex!.StatusCode, Is.Not.EqualTo(StatusCode.OK).And.Not.EqualTo(StatusCode.Unauthenticated), ex.ToString());
        }

        // Default validation: a self-signed certificate is not trusted.
        using (var untrusting = GrpcChannel.ForAddress(engine.GrpcAddress!))
        {
            var ex = Assert.ThrowsAsync<RpcException>(async () =>
                await new MediaEngine.MediaEngineClient(untrusting).GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer, deadline: DateTime.UtcNow.AddSeconds(10)));
            Assert.That(ex!.StatusCode, Is.Not.EqualTo(StatusCode.OK).And.Not.EqualTo(StatusCode.Unauthenticated), ex.ToString());
            Assert.That(ex.Status.Detail, Does.Contain("UntrustedRoot"), "the TLS handshake, not the call, should fail");
        }
    }

    [Test]
    public async Task MissingCertificateRefusesToStart()
    {
        var address = RequireAddress();
        await using var engine = await EngineRun.StartAsync(Args(address, cert: false));
        Assert.That(engine.GrpcAddress, Is.Null, "the engine must not listen in plaintext on " + address);
        Assert.That(engine.ExitCode, Is.EqualTo(2));
        Assert.That(FirstLine(engine.Output), Does.Contain("not a loopback address")
            .And.Contain("--grpc-tls-cert").And.Contain("VOIP_MEDIA_GRPC_TLS_CERT")
            .And.Contain("--grpc-tls-key").And.Contain("VOIP_MEDIA_GRPC_TLS_KEY")
            .And.Not.Contain("--grpc-token SECRET (VOIP_MEDIA_GRPC_TOKEN)"));
    }

    [Test]
    public async Task MissingTokenRefusesToStart()
    {
        var address = RequireAddress();
        await using var engine = await EngineRun.StartAsync(Args(address, token: false));
        Assert.That(engine.GrpcAddress, Is.Null);
        Assert.That(engine.ExitCode, Is.EqualTo(2));
        Assert.That(FirstLine(engine.Output), Does.Contain("--grpc-token SECRET (VOIP_MEDIA_GRPC_TOKEN)").And.Not.Contain("--grpc-tls-cert FILE"));
    }

    [Test]
    public async Task AnyAddressNeedsTlsAndTokenToo()
    {
        await using var engine = await EngineRun.StartAsync(["--grpc", "0.0.0.0:0"]);
        Assert.That(engine.ExitCode, Is.EqualTo(2));
        Assert.That(engine.Output, Does.Contain("--grpc-tls-cert").And.Contain("--grpc-token"));
    }

    [Test]
    public async Task CertificateWithoutKeyRefusesToStart()
    {
        await using var engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--grpc-tls-cert", _certPath]);
        Assert.That(engine.ExitCode, Is.EqualTo(2));
        Assert.That(engine.Output, Does.Contain("go together"));
    }

    [Test]
    public async Task UnreadableCertificateRefusesToStart()
    {
        string bogus = Path.Combine(_dir, "bogus.pem");
        await File.WriteAllTextAsync(bogus, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
        await using var engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--grpc-tls-cert", bogus, "--grpc-tls-key", _keyPath]);
        Assert.That(engine.ExitCode, Is.EqualTo(2), engine.Output);
        Assert.That(engine.Output, Does.Contain("cannot load --grpc-tls-cert"));

        await using var missing = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--grpc-tls-cert", Path.Combine(_dir, "nope.pem"), "--grpc-tls-key", _keyPath]);
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Output, Does.Contain("no such file"));
    }

    [Test]
    public async Task TlsAndTokenFromTheEnvironment()
    {
        var address = RequireAddress();
        await using var engine = await EngineRun.StartAsync(
            ["--rtc-port-base", "0", "--shards", "1"],
            new Dictionary<string, string>
            {
                ["VOIP_MEDIA_GRPC"] = $"{address}:0",
                ["VOIP_MEDIA_GRPC_TLS_CERT"] = _certPath,
                ["VOIP_MEDIA_GRPC_TLS_KEY"] = _keyPath,
                ["VOIP_MEDIA_GRPC_TOKEN"] = Token,
            });
        Assert.That(engine.GrpcAddress, Does.StartWith($"https://{address}:"), engine.Output);
        using var channel = TrustingChannel(engine.GrpcAddress!);
        var info = await new MediaEngine.MediaEngineClient(channel).GetEngineInfoAsync(new GetEngineInfoRequest(), Bearer);
        Assert.That(info.DtlsFingerprintSha256, Is.Not.Empty);
    }

    [Test]
    public async Task TlsOnLoopbackIsOptionalButWorks()
    {
        await using var engine = await EngineRun.StartAsync(["--grpc", "127.0.0.1:0", "--rtc-port-base", "0", "--shards", "1", "--grpc-tls-cert", _certPath, "--grpc-tls-key", _keyPath]);
        Assert.That(engine.GrpcAddress, Does.StartWith("https://127.0.0.1:"), engine.Output);
        using var channel = TrustingChannel(engine.GrpcAddress!);
        var info = await new MediaEngine.MediaEngineClient(channel).GetEngineInfoAsync(new GetEngineInfoRequest());
        Assert.That(info.DtlsFingerprintSha256, Is.Not.Empty);
    }
}
