using System.Net;
using System.Text;
using Voip.Media.Ice;
using Voip.Media.Net;
using Voip.Media.Transport;

namespace Voip.Media.Engine;

/// <summary>
/// One shard: a UDP port and the transports on it. All routing state here is touched only by the
/// shard's thread (commands arrive through <see cref="UdpShard.Post"/>), so lookups take no lock.
/// </summary>
internal sealed class EngineShard : IDatagramHandler, IDisposable
{
    private const int MaxUfragLength = 256;

    private readonly MediaEngine _engine;
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<UdpEndpoint, WebRtcTransport> _byEndpoint = [];
    private readonly List<WebRtcTransport> _transports = [];
    private readonly List<Routing.Router> _routers = [];
    private int _transportCount;
    private int _routerCount;

    public EngineShard(int index, IPEndPoint bind, MediaEngine engine)
    {
        _engine = engine;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        Udp = new UdpShard(index, bind, this);
    }

    /// <summary>An in-memory shard (tests, benchmarks): no socket, sends go to <paramref name="sink"/>.</summary>
    public EngineShard(int index, IDatagramSink sink, MediaEngine engine)
    {
        _engine = engine;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        Udp = new UdpShard(index, this, sink);
    }

    public UdpShard Udp { get; }

    public int Index => Udp.Index;

    /// <summary>Transports on this shard (read from any thread for placement and stats).</summary>
    public int TransportCount => Volatile.Read(ref _transportCount);

    /// <summary>Datagrams that matched no transport or no protocol, dropped and counted.</summary>
    public long DroppedUnknownKind;
    public long DroppedNoTransport;

    /// <summary>Routers (rooms) on this shard (read from any thread for placement).</summary>
    public int RouterCount => Volatile.Read(ref _routerCount);

    public void Start() => Udp.Start();

    /// <summary>Shard thread: a new room lives here.</summary>
    public void AddRouter(Routing.Router router)
    {
        _routers.Add(router);
        Volatile.Write(ref _routerCount, _routers.Count);
    }

    public void RemoveRouter(Routing.Router router)
    {
        _routers.Remove(router);
        Volatile.Write(ref _routerCount, _routers.Count);
    }

    /// <summary>Runs <paramref name="action"/> on the shard thread and completes with its result.</summary>
    public Task<T> InvokeAsync<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Udp.Post(_ =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Shard thread: makes a new transport findable by its ICE username fragment.</summary>
    public void Register(WebRtcTransport transport)
    {
        _byUfrag.Add(transport.LocalIce.Ufrag, transport);
        _transports.Add(transport);
        Volatile.Write(ref _transportCount, _transports.Count);
    }

    /// <summary>Shard thread: forgets every route to a closed transport.</summary>
    public void Unregister(WebRtcTransport transport)
    {
        _byUfrag.Remove(transport.LocalIce.Ufrag);
        foreach (var endpoint in transport.KnownEndpoints)
        {
            ForgetEndpoint(endpoint, transport);
        }

        _transports.Remove(transport);
        Volatile.Write(ref _transportCount, _transports.Count);
    }

    public void MapEndpoint(in UdpEndpoint endpoint, WebRtcTransport transport)
    {
        // A new transport claiming an address takes it over (a peer that reconnected from the same port).
        _byEndpoint[endpoint] = transport;
    }

    public void ForgetEndpoint(in UdpEndpoint endpoint, WebRtcTransport transport)
    {
        if (_byEndpoint.TryGetValue(endpoint, out var owner) && ReferenceEquals(owner, transport))
        {
            _byEndpoint.Remove(endpoint);
        }
    }

    public void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                OnStun(datagram, remote, nowMs);
                break;
            case DatagramKind.Dtls:
                if (_byEndpoint.TryGetValue(remote, out var dtlsTransport))
                {
                    dtlsTransport.OnDtls(datagram);
                }
                else
                {
                    DroppedNoTransport++;
                }

                break;
            case DatagramKind.Rtp:
                if (_byEndpoint.TryGetValue(remote, out var rtpTransport))
                {
                    rtpTransport.OnRtp(datagram, nowMs);
                }
                else
                {
                    DroppedNoTransport++;
                }

                break;
            case DatagramKind.Rtcp:
                if (_byEndpoint.TryGetValue(remote, out var rtcpTransport))
                {
                    rtcpTransport.OnRtcp(datagram, nowMs);
                }
                else
                {
                    DroppedNoTransport++;
                }

                break;
            default:
                DroppedUnknownKind++;
                break;
        }
    }

    private void OnStun(Span<byte> datagram, in UdpEndpoint remote, long nowMs)
    {
        // First contact is found by the USERNAME's local part (our ufrag); later checks from a known
        // address take the same path, so a NAT rebinding to a new address is found too.
        if (!IceLiteResponder.TryReadUsernameLocalPart(datagram, out var ufragBytes) || ufragBytes.Length > MaxUfragLength)
        {
            DroppedNoTransport++;
            return;
        }

        Span<char> ufrag = stackalloc char[ufragBytes.Length];
        if (Encoding.ASCII.GetChars(ufragBytes, ufrag) != ufragBytes.Length || !_byUfragSpan.TryGetValue(ufrag, out var transport))
        {
            DroppedNoTransport++;
            return;
        }

        transport.OnStun(datagram, remote, nowMs);
    }

    public void OnTick(UdpShard shard, long nowMs)
    {
        // Closing removes from the list: walk it backwards.
        for (int i = _transports.Count - 1; i >= 0; i--)
        {
            if (i < _transports.Count)
            {
                _transports[i].OnTick(nowMs);
            }
        }

        foreach (var router in _routers)
        {
            router.OnTick(nowMs);
        }
    }

    public void Dispose() => Udp.Dispose();
}
