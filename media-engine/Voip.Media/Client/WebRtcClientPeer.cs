using System.Net;
using System.Net.Sockets;
using Voip.Media.Dtls;
using Voip.Media.Ice;
using Voip.Media.Srtp;
using Voip.Media.Stun;

namespace Voip.Media.Client;

/// <summary>
/// The client half of a WebRTC transport, built from the engine's own pieces: a controlling ICE agent
/// that checks one remote candidate (RFC 8445 §7.2.4, with USE-CANDIDATE) and keeps consent (RFC 7675),
/// a DTLS-SRTP client (RFC 5764) and SRTP/SRTCP in both directions, over one UDP socket. It is what the
/// interop tests and the load generator talk to the engine with; it is not a browser (no SDP, no
/// gathering, one candidate pair).
/// </summary>
/// <remarks>
/// Lifecycle: construct (binds the socket, makes ICE credentials and a certificate) → give
/// <see cref="LocalIce"/> and <see cref="Certificate"/> to the engine → <see cref="Start"/> with the
/// engine's parameters → await <see cref="Connected"/> → send with <see cref="SendRtp"/>, receive through
/// <see cref="RtpReceived"/>. Sending is safe from any one thread at a time per direction; receiving
/// happens on the receive thread (or the owner's thread when <see cref="WebRtcClientPeerOptions.OwnReceiveThread"/> is false).
/// </remarks>
public sealed partial class WebRtcClientPeer : IDtlsSender, IDtlsListener, IDisposable
{
    private readonly WebRtcClientPeerOptions _options;
    private readonly Socket _socket;
    private readonly TaskCompletionSource<SrtpKeyingMaterial> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _receiver;
    private WebRtcClientRemote? _remote;
    private StunIntegrityKey? _remoteKey;
    private DtlsSession? _dtls;
    private int _disposed;

    public WebRtcClientPeer(WebRtcClientPeerOptions? options = null)
    {
        _options = options ?? new WebRtcClientPeerOptions();
        LocalIce = IceCredentials.Generate();
        Certificate = DtlsCertificate.Generate(_options.CertificateName);
        _socket = new Socket(_options.LocalEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (_options.SocketBufferBytes > 0)
            {
                _socket.ReceiveBufferSize = _options.SocketBufferBytes;
                _socket.SendBufferSize = _options.SocketBufferBytes;
            }

            _socket.Bind(_options.LocalEndPoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    /// <summary>This peer's ICE ufrag/password, for the engine's ConnectWebRtcTransport.</summary>
    public IceCredentials LocalIce { get; }

    /// <summary>This peer's DTLS certificate; its <see cref="DtlsCertificate.Sha256Fingerprint"/> goes to the engine.</summary>
    public DtlsCertificate Certificate { get; }

    /// <summary>The bound local address (with the actual port).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer's UDP socket: for owners that batch I/O over many peers (see <see cref="WebRtcClientPeerOptions.OwnReceiveThread"/>).</summary>
    public Socket Socket => _socket;

    /// <summary>The engine's side, once <see cref="Start"/> was called.</summary>
    public WebRtcClientRemote? Remote => _remote;

    /// <summary>Completes with the SRTP keys when DTLS is up (the SRTP contexts exist by then); faults if DTLS fails.</summary>
    public Task<SrtpKeyingMaterial> Connected => _connected.Task;

    /// <summary>The keys from DTLS, or null before the handshake completed.</summary>
    public SrtpKeyingMaterial? Keys => _dtls?.Keys;

    /// <summary>The DTLS session (null before <see cref="Start"/>).</summary>
    public DtlsSession? Dtls => _dtls;

    /// <summary>True once the engine sent close_notify after the handshake.</summary>
    public bool DtlsClosedByRemote { get; private set; }

    /// <summary>
    /// Starts the receive loop (if owned), sends the nominating ICE check, starts consent checks (if
    /// configured) and the DTLS client handshake. The engine must already know <see cref="LocalIce"/> and
    /// the certificate fingerprint, and be the DTLS server.
    /// </summary>
    public void Start(WebRtcClientRemote remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (Interlocked.CompareExchange(ref _remote, remote, null) is not null)
        {
            throw new InvalidOperationException("A client peer is started once.");
        }

        _remoteKey = StunIntegrityKey.FromPassword(remote.Password);
        if (_options.OwnReceiveThread)
        {
            _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "webrtc-client-rx" };
            _receiver.Start();
        }

        SendBindingRequest(nominate: true);
        StartConsent();
        _dtls = new DtlsSession(DtlsRole.Client, Certificate, remote.Fingerprint, new DtlsOptions { ProfilePreference = _options.SrtpProfiles }, this, this);
        _dtls.Start();
    }

    /// <summary>Starts (see <see cref="Start"/>) and waits for DTLS; throws on failure or timeout.</summary>
    public async Task<SrtpKeyingMaterial> ConnectAsync(WebRtcClientRemote remote, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Start(remote);
        return await _connected.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends DTLS close_notify (what a browser does when its peer connection closes).</summary>
    public void CloseDtls() => _dtls?.Close();

    /// <summary>Sends one datagram to the engine as is.</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        var remote = _remote ?? throw new InvalidOperationException("Start the peer first.");
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote.EndPoint);
        }
        catch (SocketException)
        {
            // A full send buffer or an ICMP error from an earlier send: UDP semantics, the datagram is lost.
            Interlocked.Increment(ref _sendErrors);
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
    }

    void IDtlsSender.SendDtls(ReadOnlySpan<byte> datagram) =>
        SendRaw(_options.DtlsFilter is null ? datagram : _options.DtlsFilter(datagram.ToArray()));

    void IDtlsListener.OnDtlsConnected(DtlsSession session, SrtpKeyingMaterial keys)
    {
        var outgoing = new SrtpContext(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        var incoming = new SrtpContext(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        lock (_outGate)
        {
            _out = outgoing;
        }

        lock (_inGate)
        {
            _in = incoming;
        }

        _connected.TrySetResult(keys);
    }

    void IDtlsListener.OnDtlsFailed(DtlsSession session, DtlsFailure reason, string detail) =>
        _connected.TrySetException(new InvalidOperationException($"client peer DTLS failed: {reason}: {detail}"));

    void IDtlsListener.OnDtlsClosed(DtlsSession session) => DtlsClosedByRemote = true;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        StopConsent();
        _socket.Dispose();
        _receiver?.Join(TimeSpan.FromSeconds(2));
        _dtls?.Dispose();
        lock (_outGate)
        {
            _out?.Dispose();
            _out = null;
        }

        lock (_inGate)
        {
            _in?.Dispose();
            _in = null;
        }

        _remoteKey?.Dispose();
        _connected.TrySetCanceled();
        _stop.Dispose();
    }
}
