using System.Diagnostics;
using Voip.Media.Dtls;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Dtls;

/// <summary>Our client against our server over an in-memory datagram path.</summary>
public class DtlsSessionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [TestCase(SrtpProfile.AeadAes128Gcm, 16, 12)]
    [TestCase(SrtpProfile.AeadAes256Gcm, 32, 12)]
    [TestCase(SrtpProfile.Aes128CmHmacSha1_80, 16, 14)]
    public async Task Handshake_ConnectsBothSidesWithMirroredKeys(SrtpProfile profile, int keyLength, int saltLength)
    {
        var forced = new DtlsOptions { ProfilePreference = [profile] };
        using var pair = new DtlsPair(forced, forced);

        pair.Start();
        SrtpKeyingMaterial serverKeys = await pair.ServerListener.Connected.Task.WaitAsync(Wait);
        SrtpKeyingMaterial clientKeys = await pair.ClientListener.Connected.Task.WaitAsync(Wait);

        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Connected));
        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Connected));
        Assert.That(serverKeys.Profile, Is.EqualTo(profile));
        Assert.That(clientKeys.Profile, Is.EqualTo(profile));
        Assert.That(clientKeys.LocalMasterKey, Has.Length.EqualTo(keyLength));
        Assert.That(clientKeys.LocalMasterSalt, Has.Length.EqualTo(saltLength));
        Assert.That(clientKeys.LocalMasterKey, Is.EqualTo(serverKeys.RemoteMasterKey));
        Assert.That(clientKeys.LocalMasterSalt, Is.EqualTo(serverKeys.RemoteMasterSalt));
        Assert.That(clientKeys.RemoteMasterKey, Is.EqualTo(serverKeys.LocalMasterKey));
        Assert.That(clientKeys.RemoteMasterSalt, Is.EqualTo(serverKeys.LocalMasterSalt));
        Assert.That(clientKeys.LocalMasterKey, Is.Not.EqualTo(clientKeys.RemoteMasterKey));
        Assert.That(pair.Server.Keys, Is.SameAs(serverKeys));
        Assert.That(pair.Server.DatagramsIn, Is.GreaterThan(0));
        Assert.That(pair.Server.DatagramsOut, Is.EqualTo(pair.ToClient.Sent));
        Assert.That(pair.Client.DatagramsOut, Is.EqualTo(pair.ToServer.Sent));
    }

    [Test]
    public async Task Handshake_ServerPreferenceWins()
    {
        var server = new DtlsOptions { ProfilePreference = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm] };
        using var pair = new DtlsPair(server, DtlsOptions.Default);

        pair.Start();
        SrtpKeyingMaterial clientKeys = await pair.ClientListener.Connected.Task.WaitAsync(Wait);

        Assert.That(clientKeys.Profile, Is.EqualTo(SrtpProfile.Aes128CmHmacSha1_80));
    }

    [Test]
    public async Task Handshake_NoCommonProfile_FailsOnServer()
    {
        using var pair = new DtlsPair(
            new DtlsOptions { ProfilePreference = [SrtpProfile.AeadAes256Gcm] },
            new DtlsOptions { ProfilePreference = [SrtpProfile.Aes128CmHmacSha1_80] });

        pair.Start();
        var (reason, detail) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);
        var (clientReason, _) = await pair.ClientListener.Failed.Task.WaitAsync(Wait);

        Assert.That(reason, Is.EqualTo(DtlsFailure.NoCommonSrtpProfile));
        Assert.That(detail, Does.Contain("Aes128CmHmacSha1_80"));
        Assert.That(clientReason, Is.EqualTo(DtlsFailure.ProtocolError));
        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Failed));
    }

    [Test]
    public async Task ClientSeesWrongServerCertificate_FingerprintMismatch()
    {
        DtlsFingerprint wrong = DtlsCertificate.Generate("someone-else").Fingerprint;
        using var pair = new DtlsPair(clientExpects: wrong);

        pair.Start();
        var (reason, detail) = await pair.ClientListener.Failed.Task.WaitAsync(Wait);
        var (serverReason, serverDetail) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);

        Assert.That(reason, Is.EqualTo(DtlsFailure.FingerprintMismatch));
        Assert.That(detail, Does.Contain(pair.ServerCert.Sha256Fingerprint).And.Contain(wrong.HexValue));
        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Failed));
        Assert.That(serverReason, Is.EqualTo(DtlsFailure.ProtocolError));
        Assert.That(serverDetail, Does.Contain("bad_certificate"));
        Assert.That(pair.ClientListener.Connected.Task.IsCompleted, Is.False);
        Assert.That(pair.ServerListener.Connected.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task ServerSeesWrongClientCertificate_FingerprintMismatch()
    {
        DtlsFingerprint wrong = DtlsCertificate.Generate("someone-else").Fingerprint;
        using var pair = new DtlsPair(serverExpects: wrong);

        pair.Start();
        var (reason, detail) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);
        var (clientReason, _) = await pair.ClientListener.Failed.Task.WaitAsync(Wait);

        Assert.That(reason, Is.EqualTo(DtlsFailure.FingerprintMismatch));
        Assert.That(detail, Does.Contain(pair.ClientCert.Sha256Fingerprint));
        Assert.That(clientReason, Is.Not.EqualTo(DtlsFailure.FingerprintMismatch));
        Assert.That(pair.ServerListener.Connected.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task SilentPeer_HandshakeTimeout()
    {
        var shortTimeout = new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(700), InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100) };
        using var pair = new DtlsPair(shortTimeout, shortTimeout);
        pair.ToServer.Silent = true; // the client's datagrams vanish: the server hears nothing, the client gets no answer

        var clock = Stopwatch.StartNew();
        pair.Start();
        var (clientReason, _) = await pair.ClientListener.Failed.Task.WaitAsync(Wait);
        var (serverReason, _) = await pair.ServerListener.Failed.Task.WaitAsync(Wait);
        clock.Stop();

        Assert.That(clientReason, Is.EqualTo(DtlsFailure.HandshakeTimeout));
        Assert.That(serverReason, Is.EqualTo(DtlsFailure.HandshakeTimeout));
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(600)).And.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(pair.ToServer.Sent, Is.GreaterThan(1), "the client retransmitted its ClientHello");
        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Failed));
    }

    [Test]
    public async Task Server_SendsHelloVerifyRequestFirst()
    {
        using var pair = new DtlsPair();
        byte[]? first = null;
        pair.ToClient.Filter = d => { Interlocked.CompareExchange(ref first, d, null); return d; };

        pair.Start();
        await pair.ServerListener.Connected.Task.WaitAsync(Wait);

        Assert.That(first, Is.Not.Null);
        Assert.That(first![0], Is.EqualTo(22), "handshake record");
        Assert.That(first[13], Is.EqualTo(3), "hello_verify_request (RFC 6347 §4.3.2)");
    }

    [Test]
    public async Task Server_WithoutCookies_AnswersWithServerHello()
    {
        var noCookie = new DtlsOptions { UseHelloVerifyRequest = false };
        using var pair = new DtlsPair(noCookie);
        byte[]? first = null;
        pair.ToClient.Filter = d => { Interlocked.CompareExchange(ref first, d, null); return d; };

        pair.Start();
        await pair.ClientListener.Connected.Task.WaitAsync(Wait);

        Assert.That(first![13], Is.EqualTo(2), "server_hello");
    }

    [Test]
    public async Task LostDatagrams_AreRetransmitted()
    {
        var fast = new DtlsOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50) };
        using var pair = new DtlsPair(fast, fast);
        int fromServer = 0, fromClient = 0;
        // Lose the 2nd and 3rd datagram of each side once: the cookie answer and the first real flight.
        pair.ToClient.Filter = d => Interlocked.Increment(ref fromServer) is 2 or 3 ? null : d;
        pair.ToServer.Filter = d => Interlocked.Increment(ref fromClient) is 2 or 3 ? null : d;

        pair.Start();
        await pair.ServerListener.Connected.Task.WaitAsync(Wait);
        await pair.ClientListener.Connected.Task.WaitAsync(Wait);

        Assert.That(pair.Server.Keys!.LocalMasterKey, Is.EqualTo(pair.Client.Keys!.RemoteMasterKey));
    }

    [Test]
    public async Task LostServerFinished_IsResentAfterServerConnected()
    {
        // The server is done (Connected) once it has sent its Finished; if that is lost, only the client's
        // retransmitted flight tells it to send it again (RFC 6347 §4.2.4) — handled after the handshake.
        var fast = new DtlsOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(50) };
        using var pair = new DtlsPair(fast, fast);
        int droppedFinished = 0;
        pair.ToClient.Filter = d =>
        {
            bool protectedHandshake = d.Length > 13 && d[0] == 22 && d[3] == 0 && d[4] == 1;
            return protectedHandshake && Interlocked.CompareExchange(ref droppedFinished, 1, 0) == 0 ? null : d;
        };

        pair.Start();
        await pair.ServerListener.Connected.Task.WaitAsync(Wait);
        await pair.ClientListener.Connected.Task.WaitAsync(Wait);

        Assert.That(droppedFinished, Is.EqualTo(1));
        Assert.That(pair.Client.Keys!.RemoteMasterKey, Is.EqualTo(pair.Server.Keys!.LocalMasterKey));
    }

    [Test]
    public async Task CloseNotify_ReachesPeer()
    {
        using var pair = new DtlsPair();
        pair.Start();
        await pair.ServerListener.Connected.Task.WaitAsync(Wait);
        await pair.ClientListener.Connected.Task.WaitAsync(Wait);

        pair.Client.Close();
        await pair.ServerListener.Closed.Task.WaitAsync(Wait);

        Assert.That(pair.Server.State, Is.EqualTo(DtlsState.Closed));
        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Closed));
        Assert.That(pair.ClientListener.Calls, Is.EqualTo(1), "a local Close does not call back");
        Assert.That(pair.Client.Enqueue([23, 0xFE, 0xFD]), Is.False, "a closed session takes no input");
    }

    [Test]
    public async Task CloseNotify_FromServerReachesClient()
    {
        using var pair = new DtlsPair();
        pair.Start();
        await pair.ClientListener.Connected.Task.WaitAsync(Wait);
        await pair.ServerListener.Connected.Task.WaitAsync(Wait);

        pair.Server.Close();
        await pair.ClientListener.Closed.Task.WaitAsync(Wait);

        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Closed));
    }

    [Test]
    public async Task CloseDuringHandshake_ReportsClosed()
    {
        using var pair = new DtlsPair();
        pair.ToServer.Silent = true;
        pair.Start();
        await Task.Delay(100);

        pair.Client.Close();
        var (reason, _) = await pair.ClientListener.Failed.Task.WaitAsync(Wait);

        Assert.That(reason, Is.EqualTo(DtlsFailure.Closed));
        Assert.That(pair.Client.State, Is.EqualTo(DtlsState.Closed));
    }

    [Test]
    public void Enqueue_IsBounded()
    {
        using var pair = new DtlsPair(new DtlsOptions { MaxQueuedDatagrams = 4 });
        byte[] datagram = [22, 0xFE, 0xFD, 0, 0];

        bool[] accepted = Enumerable.Range(0, 6).Select(_ => pair.Server.Enqueue(datagram)).ToArray();

        Assert.That(accepted, Is.EqualTo(new[] { true, true, true, true, false, false }));
        Assert.That(pair.Server.Enqueue([]), Is.False, "empty datagram");
        Assert.That(pair.Server.Enqueue(new byte[5000]), Is.False, "larger than MaxDatagramSize");
        Assert.That(pair.Server.DatagramsIn, Is.EqualTo(4));
        Assert.That(pair.Server.DatagramsDropped, Is.EqualTo(4));
    }

    [Test]
    public void Start_Twice_Throws()
    {
        using var pair = new DtlsPair();
        pair.ToServer.Silent = true;
        pair.Client.Start();

        Assert.Throws<InvalidOperationException>(() => pair.Client.Start());
    }

    [Test]
    public void Options_AreValidated()
    {
        using var pair = new DtlsPair();
        var link = new InMemoryDtlsLink();
        var listener = new RecordingDtlsListener();

        Assert.Throws<ArgumentException>(() => new DtlsSession(DtlsRole.Server, pair.ServerCert, pair.ClientCert.Fingerprint,
            new DtlsOptions { ProfilePreference = [] }, link, listener));
        Assert.Throws<ArgumentException>(() => new DtlsSession(DtlsRole.Server, pair.ServerCert, pair.ClientCert.Fingerprint,
            new DtlsOptions { ProfilePreference = [SrtpProfile.None] }, link, listener));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DtlsSession(DtlsRole.Server, pair.ServerCert, pair.ClientCert.Fingerprint,
            new DtlsOptions { HandshakeTimeout = TimeSpan.Zero }, link, listener));
    }
}
