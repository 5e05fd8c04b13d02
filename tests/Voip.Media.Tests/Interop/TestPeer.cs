using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Voip.Media.Client;
using Voip.Media.Control.V1;
using Voip.Media.Srtp;
using Voip.Media.Stun;
using MediaEngineClient = Voip.Media.Control.V1.MediaEngine.MediaEngineClient;

namespace Voip.Media.Tests.Interop;

/// <summary>
/// A test's view of a <see cref="WebRtcClientPeer"/> on an engine transport in echo mode: it creates and
/// connects the transport over gRPC, then lets tests do what a browser will not: send malformed
/// datagrams from an address the engine has authenticated, stop consent checks, or close DTLS on cue.
/// </summary>
public sealed class TestPeer : IAsyncDisposable
{
    public const uint SendSsrc = 0x11111111;
    public const uint EchoSsrc = 0x22222222;

    private readonly WebRtcClientPeer _peer;
    private ushort _sequence;
    private int _echoesReceived;

    private TestPeer(string transportId, WebRtcClientPeer peer)
    {
        TransportId = transportId;
        _peer = peer;
        _peer.RtpReceived = OnRtp;
    }

    public string TransportId { get; }

    public int EchoesReceived => Volatile.Read(ref _echoesReceived);

    public int StunResponses => _peer.StunResponses;

    public IPEndPoint Server => _peer.Remote!.EndPoint;

    /// <summary>A binding request that names this transport but is signed with the wrong password.</summary>
    public byte[] ForgedBindingRequest()
    {
        var buffer = new byte[256];
        using var wrongKey = StunIntegrityKey.FromPassword("this-is-not-the-password-1234");
        var writer = new StunWriter(buffer, StunMessageType.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.TryAddUsername(Encoding.ASCII.GetBytes(_peer.IceUsername));
        writer.TryAddUseCandidate();
        writer.TryAddMessageIntegrity(wrongKey);
        writer.TryAddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>Creates a transport on the engine, runs ICE and DTLS, and asks the engine to echo <see cref="SendSsrc"/>.</summary>
    public static async Task<TestPeer> ConnectAsync(MediaEngineClient engine, Control.V1.SrtpProfile profile = Control.V1.SrtpProfile.AeadAes128Gcm)
    {
        var peer = await StartHandshakeAsync(engine, profile, dtlsFilter: null);
        await peer._peer.Connected.WaitAsync(TimeSpan.FromSeconds(10));
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
        var client = new WebRtcClientPeer(new WebRtcClientPeerOptions
        {
            SrtpProfiles = [(Voip.Media.Srtp.SrtpProfile)(ushort)profile],
            DtlsFilter = dtlsFilter,
            CertificateName = "voip-test-peer",
        });
        var peer = new TestPeer(transport.TransportId, client);
        try
        {
            var connect = new ConnectWebRtcTransportRequest
            {
                TransportId = transport.TransportId,
                DtlsParameters = new DtlsParameters { Role = Control.V1.DtlsRole.Client },
                RemoteUsernameFragment = client.LocalIce.Ufrag,
                RemotePassword = client.LocalIce.Password,
            };
            connect.DtlsParameters.Fingerprints.Add(new Control.V1.DtlsFingerprint { Algorithm = "sha-256", Value = client.Certificate.Sha256Fingerprint });
            await engine.ConnectWebRtcTransportAsync(connect);
            var echo = new SetTransportEchoRequest { TransportId = transport.TransportId };
            echo.Streams.Add(new Control.V1.EchoStream { InputSsrc = SendSsrc, OutputSsrc = EchoSsrc });
            await engine.SetTransportEchoAsync(echo);

            if (!Voip.Media.Dtls.DtlsFingerprint.TryParse("sha-256 " + transport.DtlsParameters.Fingerprints[0].Value, out var serverFingerprint))
            {
                throw new InvalidOperationException("engine sent an unparsable fingerprint");
            }

            var candidate = transport.IceCandidates[0];
            client.Start(new WebRtcClientRemote(
                new IPEndPoint(IPAddress.Parse(candidate.Ip), (int)candidate.Port),
                transport.IceParameters.UsernameFragment,
                transport.IceParameters.Password,
                serverFingerprint));
            return peer;
        }
        catch
        {
            await peer.DisposeAsync();
            throw;
        }
    }

    /// <summary>An ICE connectivity check as a controlling full agent sends it (RFC 8445 §7.1.1).</summary>
    public void SendBindingRequest(bool nominate) => _peer.SendBindingRequest(nominate);

    /// <summary>Sends one SRTP packet on <see cref="SendSsrc"/> with a payload of <paramref name="payloadLength"/> bytes.</summary>
    public void SendRtp(int payloadLength = 160)
    {
        Span<byte> packet = stackalloc byte[12 + payloadLength];
        packet[0] = 0x80;
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], ++_sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], _sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], SendSsrc);
        packet[12..].Fill(0xAB);
        if (_peer.SendRtp(packet) != SrtpResult.Ok)
        {
            throw new InvalidOperationException("protect failed");
        }
    }

    /// <summary>A valid SRTCP receiver report, protected with this peer's keys.</summary>
    public byte[] ProtectedReceiverReport()
    {
        var packet = new byte[8 + 64];
        packet[0] = 0x80; // V=2, no report blocks
        packet[1] = 201;  // RR
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), SendSsrc);
        if (_peer.ProtectRtcp(packet, 8, out int length) != SrtpResult.Ok)
        {
            throw new InvalidOperationException("protect failed");
        }

        return packet[..length];
    }

    public void SendRaw(ReadOnlySpan<byte> datagram) => _peer.SendRaw(datagram);

    /// <summary>
    /// Sends <paramref name="count"/> packets and waits until that many more echoes came back. Every second without
    /// them it sends a consent check and the packets again: right after the handshake the engine may still be
    /// installing the SRTP keys (it drops and counts media that arrives before them), and a slow handshake on a
    /// busy machine must not let consent lapse.
    /// </summary>
    public async Task<bool> RoundTripAsync(int count, TimeSpan timeout)
    {
        int target = EchoesReceived + count;
        await SendBatchAsync(count);
        var deadline = DateTime.UtcNow + timeout;
        var resendAt = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (EchoesReceived < target && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            if (DateTime.UtcNow >= resendAt && EchoesReceived < target)
            {
                SendBindingRequest(nominate: false);
                await SendBatchAsync(count);
                resendAt = DateTime.UtcNow + TimeSpan.FromSeconds(1);
            }
        }

        return EchoesReceived >= target;
    }

    private async Task SendBatchAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            SendRtp();
            if (i % 10 == 9)
            {
                await Task.Delay(5); // stay well inside socket buffers
            }
        }
    }

    /// <summary>Sends DTLS close_notify (what a browser does when its peer connection closes).</summary>
    public void CloseDtls() => _peer.CloseDtls();

    private void OnRtp(WebRtcClientPeer peer, ReadOnlySpan<byte> packet)
    {
        if (packet.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) == EchoSsrc)
        {
            Interlocked.Increment(ref _echoesReceived);
        }
    }

    public ValueTask DisposeAsync()
    {
        _peer.Dispose();
        return ValueTask.CompletedTask;
    }
}
