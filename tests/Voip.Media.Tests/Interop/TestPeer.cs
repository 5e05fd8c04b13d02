using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Voip.Media.Control.V1;
using Voip.Media.Dtls;
using Voip.Media.Ice;
using Voip.Media.Net;
using Voip.Media.Srtp;
using Voip.Media.Stun;
using MediaEngineClient = Voip.Media.Control.V1.MediaEngine.MediaEngineClient;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// A minimal WebRTC peer built from the engine's own pieces (STUN writer, DTLS client, SRTP), talking
/// to the AOT engine over real UDP from its own socket. It lets tests do what a browser will not:
/// send malformed datagrams from an address the engine has authenticated, stop consent checks, or
/// close DTLS on cue.
/// </summary>
public sealed class TestPeer : IDtlsSender, IDtlsListener, IAsyncDisposable
{
    public const uint SendSsrc = 0x11111111;
    public const uint EchoSsrc = 0x22222222;

    private readonly Socket _socket;
    private readonly IPEndPoint _server;
    private readonly string _serverUfrag;
    private readonly StunIntegrityKey _serverKey;
    private readonly IceCredentials _local = IceCredentials.Generate();
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate("voip-test-peer");
    private readonly TaskCompletionSource<SrtpKeyingMaterial> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _receiver;
    private readonly Lock _srtpGate = new();
    private DtlsSession? _dtls;
    private Func<byte[], byte[]>? _dtlsFilter;
    private SrtpContext? _out;
    private SrtpContext? _in;
    private ushort _sequence;
    private int _echoesReceived;
    private int _stunResponses;

    private TestPeer(string transportId, IPEndPoint server, string serverUfrag, string serverPassword)
    {
        TransportId = transportId;
        _server = server;
        _serverUfrag = serverUfrag;
        _serverKey = StunIntegrityKey.FromPassword(serverPassword);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = new Thread(ReceiveLoop) { IsBackground = true, Name = "test-peer-rx" };
        _receiver.Start();
    }

    public string TransportId { get; }

    public int EchoesReceived => Volatile.Read(ref _echoesReceived);

    public int StunResponses => Volatile.Read(ref _stunResponses);

    public IPEndPoint Server => _server;

    /// <summary>A binding request that names this transport but is signed with the wrong password.</summary>
    public byte[] ForgedBindingRequest()
    {
        var buffer = new byte[256];
        using var wrongKey = StunIntegrityKey.FromPassword("this-is-not-the-password-1234");
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.TryAddUsername(Encoding.ASCII.GetBytes($"{_serverUfrag}:{_local.Ufrag}"));
        writer.TryAddUseCandidate();
        writer.TryAddMessageIntegrity(wrongKey);
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>Creates a transport on the engine, runs ICE and DTLS, and asks the engine to echo <see cref="SendSsrc"/>.</summary>
    public static async Task<TestPeer> ConnectAsync(MediaEngineClient engine, Control.V1.SrtpProfile profile = Control.V1.SrtpProfile.AeadAes128Gcm)
    {
        var peer = await StartHandshakeAsync(engine, profile, dtlsFilter: null);
        var keys = await peer._connected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        lock (peer._srtpGate)
        {
            peer._out = new SrtpContext(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
            peer._in = new SrtpContext(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        }

        return peer;
    }

    /// <summary>
    /// Runs ICE and starts the DTLS handshake without waiting for it; <paramref name="dtlsFilter"/> may
    /// rewrite each outgoing DTLS datagram (to play a broken or hostile client).
    /// </summary>
    public static async Task<TestPeer> StartHandshakeAsync(MediaEngineClient engine, Control.V1.SrtpProfile profile, Func<byte[], byte[]>? dtlsFilter)
    {
        var request = new CreateWebRtcTransportRequest();
        request.SrtpProfiles.Add(profile);
        var transport = await engine.CreateWebRtcTransportAsync(request);
        var candidate = transport.IceCandidates[0];
        var peer = new TestPeer(
            transport.TransportId,
            new IPEndPoint(IPAddress.Parse(candidate.Ip), (int)candidate.Port),
            transport.IceParameters.UsernameFragment,
            transport.IceParameters.Password);

        var connect = new ConnectWebRtcTransportRequest
        {
            TransportId = transport.TransportId,
            DtlsParameters = new DtlsParameters { Role = Control.V1.DtlsRole.Client },
            RemoteUsernameFragment = peer._local.Ufrag,
            RemotePassword = peer._local.Password,
        };
        connect.DtlsParameters.Fingerprints.Add(new Control.V1.DtlsFingerprint { Algorithm = "sha-256", Value = peer._certificate.Sha256Fingerprint });
        await engine.ConnectWebRtcTransportAsync(connect);
        var echo = new SetTransportEchoRequest { TransportId = transport.TransportId };
        echo.Streams.Add(new Control.V1.EchoStream { InputSsrc = SendSsrc, OutputSsrc = EchoSsrc });
        await engine.SetTransportEchoAsync(echo);

        peer.SendBindingRequest(nominate: true);
        if (!Voip.Media.Dtls.DtlsFingerprint.TryParse("sha-256 " + transport.DtlsParameters.Fingerprints[0].Value, out var serverFingerprint))
        {
            throw new InvalidOperationException("engine sent an unparsable fingerprint");
        }

        peer._dtlsFilter = dtlsFilter;
        peer._dtls = new DtlsSession(Voip.Media.Dtls.DtlsRole.Client, peer._certificate, serverFingerprint, new DtlsOptions { ProfilePreference = [(Voip.Media.Srtp.SrtpProfile)(ushort)profile] }, peer, peer);
        peer._dtls.Start();
        return peer;
    }

    /// <summary>An ICE connectivity check as a controlling full agent sends it (RFC 8445 §7.1.1).</summary>
    public void SendBindingRequest(bool nominate)
    {
        Span<byte> buffer = stackalloc byte[256];
        Span<byte> transactionId = stackalloc byte[12];
        RandomNumberGenerator.Fill(transactionId);
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.TryAddUsername(Encoding.ASCII.GetBytes($"{_serverUfrag}:{_local.Ufrag}"));
        writer.TryAddPriority(0x6E7F1EFF);
        writer.TryAddIceControlling((ulong)Random.Shared.NextInt64());
        if (nominate)
        {
            writer.TryAddUseCandidate();
        }

        writer.TryAddMessageIntegrity(_serverKey);
        writer.TryAddFingerprint();
        SendRaw(writer.Written);
    }

    /// <summary>Sends one SRTP packet on <see cref="SendSsrc"/> with a payload of <paramref name="payloadLength"/> bytes.</summary>
    public void SendRtp(int payloadLength = 160)
    {
        Span<byte> packet = stackalloc byte[12 + payloadLength + 16];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], ++_sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], SendSsrc);
        packet.Slice(12, payloadLength).Fill(0xAB);
        int length;
        lock (_srtpGate)
        {
            if (_out!.ProtectRtp(packet, 12 + payloadLength, out length) != SrtpResult.Ok)
            {
                throw new InvalidOperationException("protect failed");
            }
        }

        SendRaw(packet[..length]);
    }

    /// <summary>A valid SRTCP receiver report, protected with this peer's keys.</summary>
    public byte[] ProtectedReceiverReport()
    {
        var packet = new byte[8 + 64];
        packet[0] = 0x80; // V=2, no report blocks
        packet[1] = 201;  // RR
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), SendSsrc);
        int length;
        lock (_srtpGate)
        {
            if (_out!.ProtectRtcp(packet, 8, out length) != SrtpResult.Ok)
            {
                throw new InvalidOperationException("protect failed");
            }
        }

        return packet[..length];
    }

    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, _server);

    /// <summary>Sends <paramref name="count"/> packets and waits until that many more echoes came back.</summary>
    public async Task<bool> RoundTripAsync(int count, TimeSpan timeout)
    {
        int target = EchoesReceived + count;
        for (int i = 0; i < count; i++)
        {
            SendRtp();
            if (i % 10 == 9)
            {
                await Task.Delay(5); // stay well inside socket buffers
            }
        }

        var deadline = DateTime.UtcNow + timeout;
        while (EchoesReceived < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return EchoesReceived >= target;
    }

    /// <summary>Sends DTLS close_notify (what a browser does when its peer connection closes).</summary>
    public void CloseDtls() => _dtls?.Close();

    void IDtlsSender.SendDtls(ReadOnlySpan<byte> datagram) =>
        SendRaw(_dtlsFilter is null ? datagram : _dtlsFilter(datagram.ToArray()));

    void IDtlsListener.OnDtlsConnected(DtlsSession session, SrtpKeyingMaterial keys) => _connected.TrySetResult(keys);

    void IDtlsListener.OnDtlsFailed(DtlsSession session, DtlsFailure reason, string detail) =>
        _connected.TrySetException(new InvalidOperationException($"test peer DTLS failed: {reason}: {detail}"));

    void IDtlsListener.OnDtlsClosed(DtlsSession session)
    {
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, n);
            switch (DatagramClassifier.Classify(datagram))
            {
                case DatagramKind.Stun:
                    Interlocked.Increment(ref _stunResponses);
                    break;
                case DatagramKind.Dtls:
                    _dtls?.Enqueue(datagram);
                    break;
                case DatagramKind.Rtp:
                    lock (_srtpGate)
                    {
                        if (_in is not null && _in.UnprotectRtp(datagram, n, out int plain) == SrtpResult.Ok && plain >= 12
                            && BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]) == EchoSsrc)
                        {
                            Interlocked.Increment(ref _echoesReceived);
                        }
                    }

                    break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _socket.Dispose();
        _receiver.Join(TimeSpan.FromSeconds(2));
        _dtls?.Dispose();
        lock (_srtpGate)
        {
            _out?.Dispose();
            _in?.Dispose();
        }

        _serverKey.Dispose();
        return ValueTask.CompletedTask;
    }
}
