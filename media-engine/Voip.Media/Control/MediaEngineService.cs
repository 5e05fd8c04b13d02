using System.Reflection;
using System.Text.RegularExpressions;
using Grpc.Core;
using Voip.Media.Control.V1;
using Voip.Media.Diagnostics;
using Voip.Media.Engine;
using Voip.Media.Transport;
using EngineCore = Voip.Media.Engine.MediaEngine;
using EngineTransportState = Voip.Media.Transport.TransportState;
using ProtoTransportState = Voip.Media.Control.V1.TransportState;

namespace Voip.Media.Control;

/// <summary>The gRPC face of the engine: validates, maps proto ⇄ engine objects, and reports
/// every refusal with a status code and a message that says what to change.</summary>
public sealed partial class MediaEngineService(EngineCore engine, EngineLoadSampler load) : Voip.Media.Control.V1.MediaEngine.MediaEngineBase
{
    private static readonly string Version =
        typeof(MediaEngineService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex TransportIdPattern();

    public override Task<EngineInfo> GetEngineInfo(GetEngineInfoRequest request, ServerCallContext context)
    {
        var info = new EngineInfo
        {
            Version = Version,
            Transports = (uint)engine.TransportCount,
            Routers = (uint)engine.RouterCount,
            Producers = (uint)engine.ProducerCount,
            Consumers = (uint)engine.ConsumerCount,
            DtlsFingerprintSha256 = engine.Certificate.Sha256Fingerprint,
        };
        (info.CpuLoad, var pps) = load.Current;
        info.ForwardedPacketsPerSecond = (ulong)pps;
        foreach (var shard in engine.Shards)
        {
            info.Shards.Add(new ShardInfo
            {
                Index = (uint)shard.Index,
                Port = (uint)shard.Udp.LocalEndPoint.Port,
                Transports = (uint)shard.TransportCount,
                DatagramsReceived = (ulong)shard.Udp.DatagramsReceived,
                DatagramsSent = (ulong)shard.Udp.DatagramsSent,
                DroppedOversize = (ulong)shard.Udp.DroppedOversize,
                DroppedNoTransport = (ulong)Volatile.Read(ref shard.DroppedNoTransport),
                DroppedUnknownKind = (ulong)Volatile.Read(ref shard.DroppedUnknownKind),
                HandlerExceptions = (ulong)shard.Udp.HandlerExceptions,
                Routers = (uint)shard.RouterCount,
                ForwardedPackets = (ulong)shard.Udp.ForwardedPackets,
                ForwardLatencyP50Us = shard.Udp.ForwardLatencyMicroseconds(0.50),
                ForwardLatencyP99Us = shard.Udp.ForwardLatencyMicroseconds(0.99),
            });
        }

        return Task.FromResult(info);
    }

    public override async Task<V1.WebRtcTransport> CreateWebRtcTransport(CreateWebRtcTransportRequest request, ServerCallContext context)
    {
        if (request.TransportId.Length != 0 && !TransportIdPattern().IsMatch(request.TransportId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "transport_id must be 1..64 characters of A-Z a-z 0-9 _ - (or empty to let the engine choose)"));
        }

        var profiles = new List<Srtp.SrtpProfile>();
        foreach (var profile in request.SrtpProfiles)
        {
            if (profile is not (SrtpProfile.Aes128CmHmacSha180 or SrtpProfile.AeadAes128Gcm or SrtpProfile.AeadAes256Gcm))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"unsupported srtp_profiles entry {profile}; use AES128_CM_HMAC_SHA1_80, AEAD_AES_128_GCM or AEAD_AES_256_GCM"));
            }

            profiles.Add((Srtp.SrtpProfile)(ushort)profile);
        }

        Transport.WebRtcTransport transport;
        try
        {
            Routing.Router? router = null;
            if (request.RouterId.Length != 0 && !engine.TryGetRouter(request.RouterId, out router))
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"no router '{request.RouterId}'; create it first with CreateRouter"));
            }

            transport = await engine.CreateTransportAsync(request.TransportId, profiles, router).ConfigureAwait(false);
        }
        catch (Routing.RoutingException ex)
        {
            throw ToRpc(ex);
        }
        catch (ArgumentException ex)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, ex.Message));
        }
        catch (EngineLimitException ex)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, ex.Message));
        }

        var reply = new V1.WebRtcTransport
        {
            TransportId = transport.Id,
            Shard = (uint)transport.Shard.Index,
            IceParameters = new IceParameters
            {
                UsernameFragment = transport.LocalIce.Ufrag,
                Password = transport.LocalIce.Password,
                IceLite = true,
            },
            DtlsParameters = new DtlsParameters { Role = V1.DtlsRole.Server },
        };
        reply.DtlsParameters.Fingerprints.Add(new V1.DtlsFingerprint { Algorithm = "sha-256", Value = engine.Certificate.Sha256Fingerprint });
        reply.IceCandidates.Add(new IceCandidate
        {
            Foundation = "udp" + transport.Shard.Index,
            // RFC 8445 §5.1.2.1: host type preference 126, one local preference, component 1.
            Priority = (126u << 24) | (65535u << 8) | 255u,
            Ip = engine.CandidateIp.ToString(),
            Port = (uint)transport.Shard.Udp.LocalEndPoint.Port,
            Protocol = "udp",
            Type = "host",
        });
        return reply;
    }

    public override async Task<ConnectWebRtcTransportResponse> ConnectWebRtcTransport(ConnectWebRtcTransportRequest request, ServerCallContext context)
    {
        var transport = Find(request.TransportId);
        var dtls = request.DtlsParameters ?? throw Invalid("dtls_parameters is required: the peer's a=setup role and a=fingerprint");
        var fingerprint = dtls.Fingerprints.FirstOrDefault(f => f.Algorithm.Equals("sha-256", StringComparison.OrdinalIgnoreCase))
            ?? dtls.Fingerprints.FirstOrDefault()
            ?? throw Invalid("dtls_parameters.fingerprints is empty: pass the peer's a=fingerprint (sha-256 preferred)");
        if (!Dtls.DtlsFingerprint.TryParse($"{fingerprint.Algorithm} {fingerprint.Value}", out var parsed))
        {
            throw Invalid($"fingerprint '{fingerprint.Algorithm} {fingerprint.Value}' is not a valid a=fingerprint value (e.g. sha-256 AB:CD:...)");
        }

        // The peer's role decides ours: a peer that is the DTLS client (setup:active) makes us the server.
        var role = dtls.Role == V1.DtlsRole.Server ? Dtls.DtlsRole.Client : Dtls.DtlsRole.Server;
        try
        {
            await engine.ConnectTransportAsync(transport, role, parsed, NullIfEmpty(request.RemoteUsernameFragment), NullIfEmpty(request.RemotePassword)).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }

        return new ConnectWebRtcTransportResponse();
    }

    public override async Task<CloseTransportResponse> CloseTransport(CloseTransportRequest request, ServerCallContext context)
    {
        await engine.CloseTransportAsync(Find(request.TransportId), "closed by the control plane").ConfigureAwait(false);
        return new CloseTransportResponse();
    }

    public override async Task<SetTransportEchoResponse> SetTransportEcho(SetTransportEchoRequest request, ServerCallContext context)
    {
        var transport = Find(request.TransportId);
        if (request.Streams.Any(s => s.InputSsrc == 0 || s.OutputSsrc == 0))
        {
            throw Invalid("echo streams need non-zero input_ssrc and output_ssrc");
        }

        if (request.Streams.Count > 16)
        {
            throw Invalid("at most 16 echo streams per transport");
        }

        await engine.SetEchoAsync(transport, [.. request.Streams.Select(s => new Transport.EchoStream(s.InputSsrc, s.OutputSsrc))]).ConfigureAwait(false);
        return new SetTransportEchoResponse();
    }

    public override Task<TransportStats> GetTransportStats(GetTransportStatsRequest request, ServerCallContext context)
    {
        var t = Find(request.TransportId);
        var c = t.Counters;
        return Task.FromResult(new TransportStats
        {
            TransportId = t.Id,
            State = Map(t.State),
            SelectedRemote = t.Remote.IsNone ? "" : t.Remote.ToString(),
            SrtpProfile = (SrtpProfile)(int)t.SrtpProfile,
            RtpPacketsReceived = (ulong)c.RtpPacketsReceived,
            RtpBytesReceived = (ulong)c.RtpBytesReceived,
            RtpPacketsSent = (ulong)c.RtpPacketsSent,
            RtpBytesSent = (ulong)c.RtpBytesSent,
            RtcpPacketsReceived = (ulong)c.RtcpPacketsReceived,
            RtcpPacketsSent = (ulong)c.RtcpPacketsSent,
            StunRequestsAnswered = (ulong)c.StunRequestsAnswered,
            SrtpUnprotectFailures = (ulong)c.SrtpUnprotectFailures,
            DroppedPackets = (ulong)c.DroppedPackets,
            CloseReason = t.CloseReason ?? "",
            StunRequestsDropped = (ulong)c.StunRequestsDropped,
            DtlsDatagramsReceived = (ulong)c.DtlsDatagramsReceived,
            DtlsDatagramsDropped = (ulong)c.DtlsDatagramsDropped,
            MediaBeforeKeys = (ulong)c.MediaBeforeKeys,
            RouterId = t.Router?.Id ?? "",
            NackReceived = (ulong)c.NackReceived,
            PliReceived = (ulong)c.PliReceived,
            RetransmittedPackets = (ulong)c.RetransmittedPackets,
            AvailableOutgoingBitrateBps = (ulong)Math.Max(0, t.AvailableOutgoingBitrate),
            RoundTripMs = t.RoundTripMs,
            CongestionEvents = (ulong)t.Bandwidth.CongestionEvents,
            BandwidthBackoffMs = (uint)t.Bandwidth.Backoff,
        });
    }

    public override async Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<V1.EngineEvent> responseStream, ServerCallContext context)
    {
        var reader = engine.Events.Subscribe(context.CancellationToken);
        try
        {
            await foreach (var evt in reader.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
            {
                await responseStream.WriteAsync(ToProto(evt)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the client went away
        }
    }

    private static V1.EngineEvent ToProto(Engine.EngineEvent evt)
    {
        var proto = new V1.EngineEvent { UnixTimeMs = evt.UnixTimeMs };
        switch (evt)
        {
            case TransportStateEvent t:
                proto.Transport = new TransportEvent { TransportId = t.TransportId, State = Map(t.State), Reason = t.Reason ?? "" };
                break;
            case ProducerClosedEvent p:
                proto.Producer = new ProducerEvent { ProducerId = p.ProducerId, Closed = true, Reason = p.Reason };
                break;
            case ConsumerStateEvent c:
                proto.Consumer = new ConsumerEvent { ConsumerId = c.ConsumerId, Closed = c.Closed, Reason = c.Reason ?? "", ProducerPaused = c.ProducerPaused };
                if (c.Layer is { } layer)
                {
                    proto.Consumer.Layers = new ConsumerLayers { SpatialLayer = layer };
                }

                break;
            case Engine.ActiveSpeakerEvent a:
                proto.ActiveSpeaker = new V1.ActiveSpeakerEvent { RouterId = a.RouterId, ProducerId = a.ProducerId ?? "", AudioLevelDbov = a.LevelDbov };
                break;
        }

        return proto;
    }

    private Transport.WebRtcTransport Find(string id) =>
        engine.TryGetTransport(id, out var transport)
            ? transport
            : throw new RpcException(new Status(StatusCode.NotFound, $"no transport '{id}' (it may have closed; see StreamEvents for the reason)"));

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static ProtoTransportState Map(EngineTransportState state) => (ProtoTransportState)(int)state;
}
