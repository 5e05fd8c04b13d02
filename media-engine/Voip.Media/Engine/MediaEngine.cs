using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Voip.Media.Dtls;
using Voip.Media.Ice;
using Voip.Media.Net;
using Voip.Media.Srtp;
using Voip.Media.Transport;

namespace Voip.Media.Engine;

/// <summary>
/// The engine: its shards (one thread + one UDP port each), its DTLS certificate and the registry
/// of transports. Control-path methods are thread-safe and hand work to the owning shard's thread.
/// </summary>
public sealed partial class MediaEngine : IDisposable
{
    private readonly MediaEngineOptions _options;
    private readonly EngineShard[] _shards;
    private readonly ConcurrentDictionary<string, WebRtcTransport> _transports = new(StringComparer.Ordinal);

    public MediaEngine(MediaEngineOptions options, ILoggerFactory loggerFactory)
        : this(options, loggerFactory, sink: null)
    {
    }

    /// <summary>
    /// An in-memory engine when <paramref name="sink"/> is given (tests, benchmarks): its shards have no
    /// socket and no thread — never call <see cref="Start"/>; the caller drives each shard's
    /// <see cref="UdpShard"/> (ReceiveInMemory / EndInMemoryBatch / RunInMemoryTurn), which also runs the
    /// control calls' commands, and every datagram the engine sends goes to the sink.
    /// </summary>
    internal MediaEngine(MediaEngineOptions options, ILoggerFactory loggerFactory, IDatagramSink? sink)
    {
        options.Validate();
        _options = options;
        Logger = loggerFactory.CreateLogger("Voip.Media.Engine");
        Certificate = DtlsCertificate.Generate();
        _shards = new EngineShard[options.Shards];
        try
        {
            for (int i = 0; i < _shards.Length; i++)
            {
                int port = options.RtcPortBase == 0 ? 0 : options.RtcPortBase + i;
                _shards[i] = sink is null
                    ? new EngineShard(i, new IPEndPoint(options.RtcListenIp, port), this)
                    : new EngineShard(i, sink, this);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    internal ILogger Logger { get; }

    public DtlsCertificate Certificate { get; }

    public EngineEventHub Events { get; } = new();

    public int TransportCount => _transports.Count;

    internal IReadOnlyList<EngineShard> Shards => _shards;

    /// <summary>The UDP address of each shard, in shard order (what ICE candidates announce).</summary>
    public IReadOnlyList<IPEndPoint> ShardEndPoints => [.. _shards.Select(s => s.Udp.LocalEndPoint)];

    public IPAddress CandidateIp => _options.AnnouncedIp ?? _options.RtcListenIp;

    public void Start()
    {
        foreach (var shard in _shards)
        {
            shard.Start();
        }

        EngineLog.Ready(Logger, _shards.Length, string.Join(",", _shards.Select(s => s.Udp.LocalEndPoint.ToString())), Certificate.Sha256Fingerprint);
    }

    public bool TryGetTransport(string id, out WebRtcTransport transport) => _transports.TryGetValue(id, out transport!);

    public IEnumerable<WebRtcTransport> Transports => _transports.Values;

    /// <summary>Creates a transport on the least-loaded shard; it is findable by ICE when this completes.</summary>
    public async Task<WebRtcTransport> CreateTransportAsync(string? id, IReadOnlyList<SrtpProfile>? srtpProfiles, Routing.Router? router = null)
    {
        if (_transports.Count >= _options.MaxTransports)
        {
            throw new EngineLimitException($"the engine already has {_options.MaxTransports} transports (MaxTransports); place the room on another engine");
        }

        id = string.IsNullOrEmpty(id) ? Guid.NewGuid().ToString("N") : id;
        var shard = router?.Shard ?? _shards.MinBy(s => s.TransportCount)!;
        var transport = new WebRtcTransport(id, shard, this, IceCredentials.Generate(), _options.CreateDtlsOptions(srtpProfiles), _options.ConsentTimeout);
        if (!_transports.TryAdd(id, transport))
        {
            throw new ArgumentException($"a transport with id '{id}' already exists", nameof(id));
        }

        try
        {
            await shard.InvokeAsync(() =>
            {
                if (router is { IsClosed: true })
                {
                    throw new Routing.RoutingException(Routing.RoutingError.FailedPrecondition, $"router {router.Id} is closed");
                }

                shard.Register(transport);
                if (router is not null)
                {
                    transport.Router = router;
                    router.AddTransport(transport);
                }

                return true;
            }).ConfigureAwait(false);
        }
        catch
        {
            _transports.TryRemove(id, out _);
            throw;
        }
        EngineLog.TransportCreated(Logger, id, shard.Index);
        Events.PublishTransport(id, TransportState.New, null);
        return transport;
    }

    public Task ConnectTransportAsync(WebRtcTransport transport, DtlsRole role, DtlsFingerprint remoteFingerprint, string? remoteUfrag, string? remotePassword) =>
        transport.Shard.InvokeAsync(() =>
        {
            transport.Connect(role, remoteFingerprint, remoteUfrag, remotePassword);
            return true;
        });

    public Task SetEchoAsync(WebRtcTransport transport, EchoStream[] streams) =>
        transport.Shard.InvokeAsync(() =>
        {
            transport.SetEcho(streams);
            return true;
        });

    public Task CloseTransportAsync(WebRtcTransport transport, string reason) =>
        transport.Shard.InvokeAsync(() =>
        {
            transport.Close(TransportState.Closed, reason, notifyPeer: true);
            return true;
        });

    internal void OnTransportClosed(WebRtcTransport transport) => _transports.TryRemove(transport.Id, out _);

    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard?.Dispose();
        }
    }
}
