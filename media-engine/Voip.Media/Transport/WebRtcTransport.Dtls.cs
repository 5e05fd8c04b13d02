using Voip.Media.Dtls;
using Voip.Media.Engine;
using Voip.Media.Net;
using Voip.Media.Srtp;

namespace Voip.Media.Transport;

public sealed partial class WebRtcTransport : IDtlsSender, IDtlsListener
{
    private const int MaxSrtpStreams = 512;

    /// <summary>Shard thread: a DTLS record for this transport; copied into the handshake's queue.</summary>
    internal void OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (_dtls is null || IsTerminal)
        {
            Counters.DtlsDatagramsDropped++;
            return;
        }

        Counters.DtlsDatagramsReceived++;
        if (!_dtls.Enqueue(datagram))
        {
            Counters.DtlsDatagramsDropped++;
        }
    }

    /// <summary>DTLS thread: the handshake wants a datagram sent to the peer.</summary>
    void IDtlsSender.SendDtls(ReadOnlySpan<byte> datagram)
    {
        if (_remote is { } remote)
        {
            Shard.Udp.SendFromAnyThread(datagram, remote.Value);
        }
    }

    /// <summary>DTLS thread: keys are ready. Build the SRTP contexts here and install them on the shard.</summary>
    void IDtlsListener.OnDtlsConnected(DtlsSession session, SrtpKeyingMaterial keys)
    {
        // A subscriber's transport carries two SSRCs (media + RTX) per consumer plus our RTCP SSRC.
        var inbound = new SrtpContext(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt, MaxSrtpStreams);
        var outbound = new SrtpContext(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt, MaxSrtpStreams);
        Shard.Udp.Post(_ => InstallSrtp(inbound, outbound, keys.Profile));
    }

    /// <summary>
    /// Shard thread, tests and benchmarks only: installs SRTP keys as a finished DTLS handshake would, with no
    /// handshake (the peer's address still comes from real ICE checks). <paramref name="keys"/> is from our
    /// side: we protect with the local key and unprotect with the remote one.
    /// </summary>
    internal void InstallKeysWithoutDtls(SrtpKeyingMaterial keys)
    {
        if (_state != TransportState.New)
        {
            throw new InvalidOperationException($"transport {Id} is {_state}; keys can be installed without DTLS only on a new transport");
        }

        InstallSrtp(
            new SrtpContext(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt, MaxSrtpStreams),
            new SrtpContext(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt, MaxSrtpStreams),
            keys.Profile);
    }

    /// <summary>Shard thread: the keys of a finished handshake take effect — media may flow from now on.</summary>
    private void InstallSrtp(SrtpContext inbound, SrtpContext outbound, SrtpProfile profile)
    {
        if (IsTerminal)
        {
            inbound.Dispose();
            outbound.Dispose();
            return;
        }

        _srtpIn = inbound;
        _srtpOut = outbound;
        SrtpProfile = profile;
        _state = TransportState.Connected;
        EngineLog.TransportConnected(_engine.Logger, Id, profile, Remote.ToString());
        _engine.Events.PublishTransport(Id, TransportState.Connected, null);
    }

    /// <summary>DTLS thread: the handshake failed (wrong fingerprint, timeout, protocol error).</summary>
    void IDtlsListener.OnDtlsFailed(DtlsSession session, DtlsFailure reason, string detail)
    {
        string text = reason == DtlsFailure.FingerprintMismatch
            ? $"fingerprint mismatch: {detail}"
            : $"dtls failure ({reason}): {detail}";
        EngineLog.DtlsFailed(_engine.Logger, Id, text);
        Shard.Udp.Post(_ => Close(TransportState.Failed, text, notifyPeer: false));
    }

    /// <summary>DTLS thread: the peer sent close_notify — the transport ends at once.</summary>
    void IDtlsListener.OnDtlsClosed(DtlsSession session) =>
        Shard.Udp.Post(_ => Close(TransportState.Closed, "dtls close_notify from the peer", notifyPeer: false));
}
