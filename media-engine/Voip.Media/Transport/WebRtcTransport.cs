using Voip.Media.Dtls;
using Voip.Media.Engine;
using Voip.Media.Ice;
using Voip.Media.Net;
using Voip.Media.Srtp;

namespace Voip.Media.Transport;

/// <summary>
/// One ICE-lite + DTLS-SRTP association with one remote peer. Everything on the packet path runs on
/// the owning shard's thread; the DTLS handshake runs on its own thread and hands results back
/// through the shard's command queue, so no field here is shared between threads without a
/// hand-over (the few that are — state, remote box — are volatile and replaced, not mutated).
/// </summary>
public sealed partial class WebRtcTransport
{
    private const int MaxKnownEndpoints = 4;

    private readonly MediaEngine _engine;
    private readonly IceLiteResponder _ice;
    private readonly DtlsOptions _dtlsOptions;
    private readonly UdpEndpoint[] _knownEndpoints = new UdpEndpoint[MaxKnownEndpoints];
    private int _knownEndpointCount;
    private volatile EndpointBox? _remote;
    private volatile TransportState _state = TransportState.New;
    private DtlsSession? _dtls;
    private SrtpContext? _srtpIn;
    private SrtpContext? _srtpOut;
    private EchoStream[] _echo = [];

    internal WebRtcTransport(string id, EngineShard shard, MediaEngine engine, IceCredentials ice, DtlsOptions dtlsOptions, TimeSpan consentTimeout)
    {
        Id = id;
        Shard = shard;
        _engine = engine;
        LocalIce = ice;
        _dtlsOptions = dtlsOptions;
        _ice = new IceLiteResponder(ice.Ufrag, ice.Password, consentTimeout);
    }

    public string Id { get; }

    internal EngineShard Shard { get; }

    public IceCredentials LocalIce { get; }

    public TransportState State => _state;

    public string? CloseReason { get; private set; }

    public SrtpProfile SrtpProfile { get; private set; }

    public TransportCounters Counters { get; } = new();

    /// <summary>The nominated remote address, or the first that passed a check; none before ICE.</summary>
    public UdpEndpoint Remote => _remote?.Value ?? default;

    public bool IsTerminal => _state is TransportState.Closed or TransportState.Failed;

    internal ReadOnlySpan<UdpEndpoint> KnownEndpoints => _knownEndpoints.AsSpan(0, _knownEndpointCount);

    /// <summary>Shard thread: the remote peer's DTLS (and optionally ICE) parameters are known — start DTLS.</summary>
    internal void Connect(DtlsRole role, DtlsFingerprint remoteFingerprint, string? remoteUfrag, string? remotePassword)
    {
        if (_state != TransportState.New)
        {
            throw new InvalidOperationException($"transport {Id} is {_state}; connect is allowed once, on a new transport");
        }

        if (!string.IsNullOrEmpty(remoteUfrag) && !string.IsNullOrEmpty(remotePassword))
        {
            _ice.SetRemoteCredentials(remoteUfrag, remotePassword);
        }

        _state = TransportState.Connecting;
        _dtls = new DtlsSession(role, _engine.Certificate, remoteFingerprint, _dtlsOptions, this, this);
        _dtls.Start();
        _engine.Events.PublishTransport(Id, TransportState.Connecting, null);
    }

    /// <summary>Shard thread: replaces the echo streams (an empty list stops echoing).</summary>
    internal void SetEcho(EchoStream[] streams) => _echo = streams;

    /// <summary>Shard thread: ends the transport once; later calls do nothing.</summary>
    internal void Close(TransportState terminalState, string reason, bool notifyPeer)
    {
        if (IsTerminal)
        {
            return;
        }

        CloseReason = reason;
        _state = terminalState;
        CloseRouting(reason);
        Shard.Unregister(this);
        if (_dtls is { } dtls)
        {
            if (notifyPeer)
            {
                dtls.Close();
            }

            dtls.Dispose();
        }

        _srtpIn?.Dispose();
        _srtpOut?.Dispose();
        _srtpIn = null;
        _srtpOut = null;
        _ice.Dispose();
        _engine.OnTransportClosed(this);
        _engine.Events.PublishTransport(Id, terminalState, reason);
        EngineLog.TransportClosed(_engine.Logger, Id, terminalState, reason);
    }

    /// <summary>Shard thread: consent freshness (RFC 7675) — no valid check for the timeout closes it.</summary>
    internal void OnTick(long nowMs)
    {
        if (IsTerminal)
        {
            return;
        }

        if (_ice.IsConsentExpired(nowMs))
        {
            Close(TransportState.Closed, "consent lost: no valid ICE check within the consent timeout", notifyPeer: true);
            return;
        }

        OnRoutingTick(nowMs);
    }

    private void RememberEndpoint(in UdpEndpoint endpoint)
    {
        foreach (var known in KnownEndpoints)
        {
            if (known == endpoint)
            {
                return;
            }
        }

        if (_knownEndpointCount == MaxKnownEndpoints)
        {
            // Forget the oldest address; it is the least likely to be used again.
            Shard.ForgetEndpoint(_knownEndpoints[0], this);
            Array.Copy(_knownEndpoints, 1, _knownEndpoints, 0, MaxKnownEndpoints - 1);
            _knownEndpointCount--;
        }

        _knownEndpoints[_knownEndpointCount++] = endpoint;
        Shard.MapEndpoint(endpoint, this);
    }
}
