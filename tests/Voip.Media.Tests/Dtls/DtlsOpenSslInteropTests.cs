using System.Net;
using Voip.Media.Dtls;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Dtls;

/// <summary>
/// Our DTLS-SRTP against OpenSSL over real UDP on 127.0.0.1: the SRTP keying material OpenSSL exports
/// (<c>-keymatexport EXTRACTOR-dtls_srtp</c>, RFC 5764 §4.2) must equal ours byte for byte.
/// </summary>
[Category("Interop")]
[NonParallelizable]
public class DtlsOpenSslInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private string _dir = null!;

    [SetUp]
    public void SetUp()
    {
        if (OpenSslPeer.Executable is null)
            Assert.Ignore("openssl is not installed (Debian package 'openssl'); the OpenSSL interop tests need it.");
        _dir = Directory.CreateTempSubdirectory("voip-dtls-interop-").FullName;
    }

    [TearDown]
    public void TearDown()
    {
        if (_dir is not null && Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [TestCase(SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [TestCase(SrtpProfile.AeadAes256Gcm, "SRTP_AEAD_AES_256_GCM")]
    [TestCase(SrtpProfile.Aes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80")]
    public async Task OurServer_OpenSslClient_ExportSameKeys(SrtpProfile profile, string opensslProfile)
    {
        using DtlsSession session = await OurServerAgainstOpenSslClient(profile, opensslProfile, "-mtu 1200");
        Assert.That(session.ClientHellosDefragmented, Is.Zero);
    }

    /// <summary>
    /// With -mtu 256 and a long ALPN list, s_client's ClientHello (about 580 bytes) goes out in three fragments
    /// (RFC 6347 §4.2.3), as Chromium's does: the HelloVerifyRequest cookie exchange must still work.
    /// </summary>
    [TestCase(SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [TestCase(SrtpProfile.Aes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80")]
    public async Task OurServer_OpenSslClientWithFragmentedClientHello_ExportSameKeys(SrtpProfile profile, string opensslProfile)
    {
        string alpn = string.Join(",", Enumerable.Range(0, 6).Select(i => $"p{i:00}" + new string('x', 60)));
        using DtlsSession session = await OurServerAgainstOpenSslClient(profile, opensslProfile, $"-mtu 256 -alpn {alpn}");
        Assert.That(session.Options.UseHelloVerifyRequest, Is.True);
        Assert.That(session.ClientHellosDefragmented, Is.GreaterThanOrEqualTo(2), "both ClientHellos came in fragments");
    }

    private async Task<DtlsSession> OurServerAgainstOpenSslClient(SrtpProfile profile, string opensslProfile, string extraArgs)
    {
        var (certPath, keyPath, opensslFingerprint) = OpenSslPeer.MakeCertificate(_dir);
        DtlsCertificate ours = DtlsCertificate.Generate();
        var listener = new RecordingDtlsListener();
        using var udp = new UdpDtlsEndpoint();
        var session = new DtlsSession(DtlsRole.Server, ours, opensslFingerprint, DtlsOptions.Default, udp, listener);
        udp.Session = session;
        udp.StartReceiving();
        session.Start();

        int length = DtlsSrtpProfiles.ExportLength(profile);
        using var openssl = OpenSslPeer.Start(
            $"s_client -dtls1_2 -connect 127.0.0.1:{udp.Port} {extraArgs} -use_srtp {opensslProfile} " +
            $"-cert {certPath} -key {keyPath} -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen {length}");

        SrtpKeyingMaterial keys = await WaitConnected(listener, openssl);
        string? exported = await openssl.WaitForAsync(OpenSslPeer.KeyingMaterial, Wait);
        string? negotiated = await openssl.WaitForAsync(OpenSslPeer.SrtpProfile, Wait);

        Assert.That(exported, Is.Not.Null, openssl.Output);
        Assert.That(negotiated, Is.EqualTo(opensslProfile), openssl.Output);
        Assert.That(keys.Profile, Is.EqualTo(profile));
        // We are the server: the client's write key/salt are our remote ones (RFC 5764 §4.2 order).
        byte[] expected = [.. keys.RemoteMasterKey, .. keys.LocalMasterKey, .. keys.RemoteMasterSalt, .. keys.LocalMasterSalt];
        Assert.That(Convert.ToHexString(expected), Is.EqualTo(exported!.ToUpperInvariant()));

        // s_client shuts down with close_notify when its input ends.
        openssl.CloseInput();
        await listener.Closed.Task.WaitAsync(Wait);
        Assert.That(session.State, Is.EqualTo(DtlsState.Closed));
        return session;
    }

    [TestCase(SrtpProfile.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM")]
    [TestCase(SrtpProfile.Aes128CmHmacSha1_80, "SRTP_AES128_CM_SHA1_80")]
    public async Task OurClient_OpenSslServer_ExportSameKeys(SrtpProfile profile, string opensslProfile)
    {
        var (certPath, keyPath, opensslFingerprint) = OpenSslPeer.MakeCertificate(_dir);
        DtlsCertificate ours = DtlsCertificate.Generate();
        int port = UdpDtlsEndpoint.FreePort();
        int length = DtlsSrtpProfiles.ExportLength(profile);
        // -verify 1 makes s_server ask for our certificate (as WebRTC requires), without a CA to check it against.
        using var openssl = OpenSslPeer.Start(
            $"s_server -dtls1_2 -accept 127.0.0.1:{port} -mtu 1200 -use_srtp {opensslProfile} -verify 1 " +
            $"-cert {certPath} -key {keyPath} -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen {length}");
        Assert.That(await openssl.WaitForAsync(new("(ACCEPT)"), Wait), Is.Not.Null, openssl.Output);

        var listener = new RecordingDtlsListener();
        using var udp = new UdpDtlsEndpoint(new IPEndPoint(IPAddress.Loopback, port));
        using var session = new DtlsSession(DtlsRole.Client, ours, opensslFingerprint, DtlsOptions.Default, udp, listener);
        udp.Session = session;
        udp.StartReceiving();
        session.Start();

        SrtpKeyingMaterial keys = await WaitConnected(listener, openssl);
        string? exported = await openssl.WaitForAsync(OpenSslPeer.KeyingMaterial, Wait);

        Assert.That(exported, Is.Not.Null, openssl.Output);
        Assert.That(keys.Profile, Is.EqualTo(profile));
        Assert.That(openssl.Output, Does.Contain("Client certificate").And.Contain("subject=CN = voip-media"), "s_server got our certificate");
        Assert.That(openssl.Output, Does.Contain("CIPHER is ECDHE-ECDSA-AES128-GCM-SHA256"));
        Assert.That(openssl.Output, Does.Contain("SRTP Extension negotiated, profile=" + opensslProfile));
        byte[] expected = [.. keys.LocalMasterKey, .. keys.RemoteMasterKey, .. keys.LocalMasterSalt, .. keys.RemoteMasterSalt];
        Assert.That(Convert.ToHexString(expected), Is.EqualTo(exported!.ToUpperInvariant()));
    }

    [Test]
    public async Task OurServer_RejectsOpenSslClientWithUnexpectedCertificate()
    {
        var (certPath, keyPath, _) = OpenSslPeer.MakeCertificate(_dir);
        DtlsCertificate ours = DtlsCertificate.Generate();
        DtlsFingerprint signaled = DtlsCertificate.Generate("not-the-peer").Fingerprint;
        var listener = new RecordingDtlsListener();
        using var udp = new UdpDtlsEndpoint();
        using var session = new DtlsSession(DtlsRole.Server, ours, signaled, DtlsOptions.Default, udp, listener);
        udp.Session = session;
        udp.StartReceiving();
        session.Start();

        using var openssl = OpenSslPeer.Start(
            $"s_client -dtls1_2 -connect 127.0.0.1:{udp.Port} -mtu 1200 -use_srtp SRTP_AEAD_AES_128_GCM -cert {certPath} -key {keyPath}");
        var (reason, detail) = await listener.Failed.Task.WaitAsync(Wait);

        Assert.That(reason, Is.EqualTo(DtlsFailure.FingerprintMismatch), detail);
        Assert.That(listener.Connected.Task.IsCompleted, Is.False);
    }

    private static async Task<SrtpKeyingMaterial> WaitConnected(RecordingDtlsListener listener, OpenSslPeer openssl)
    {
        Task done = await Task.WhenAny(listener.Connected.Task, listener.Failed.Task).WaitAsync(Wait);
        if (done == listener.Failed.Task)
            Assert.Fail($"handshake failed: {listener.Failed.Task.Result}\nopenssl:\n{openssl.Output}");
        return await listener.Connected.Task;
    }
}
