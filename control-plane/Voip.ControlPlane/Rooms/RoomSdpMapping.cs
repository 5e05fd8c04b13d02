using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

/// <summary>
/// Voip.Sdp's RTP model ⇄ the engine API's messages. The engine never sees SDP (mediasoup's split): the
/// control plane turns offers into produce calls and consumers into offers.
/// </summary>
public static class RoomSdpMapping
{
    /// <summary>An engine transport as the SDP side needs it (ICE-lite credentials, host candidates, fingerprints).</summary>
    public static Sdp.TransportParameters ToSdp(V1.WebRtcTransport transport) => new(
        new Sdp.IceParameters(transport.IceParameters.UsernameFragment, transport.IceParameters.Password, Lite: true),
        [.. transport.IceCandidates.Select(c => new Sdp.IceCandidate(c.Foundation, c.Priority, c.Ip, (int)c.Port, c.Protocol, c.Type))],
        new Sdp.DtlsParameters(Sdp.DtlsRole.Auto, [.. transport.DtlsParameters.Fingerprints.Select(f => new Sdp.DtlsFingerprint(f.Algorithm, f.Value))]));

    /// <summary>
    /// Connects an engine transport with what the browser's SDP said: its fingerprints and ICE credentials,
    /// and its DTLS role — the opposite of the role our SDP took (RFC 5763 §5: a=setup decides who is client).
    /// </summary>
    public static V1.ConnectWebRtcTransportRequest Connect(string transportId, Sdp.DtlsParameters remoteDtls, Sdp.IceParameters remoteIce, Sdp.DtlsRole localRole)
    {
        var request = new V1.ConnectWebRtcTransportRequest
        {
            TransportId = transportId,
            DtlsParameters = new V1.DtlsParameters { Role = localRole == Sdp.DtlsRole.Client ? V1.DtlsRole.Server : V1.DtlsRole.Client },
            RemoteUsernameFragment = remoteIce.Ufrag,
            RemotePassword = remoteIce.Pwd,
        };
        foreach (var f in remoteDtls.Fingerprints)
        {
            request.DtlsParameters.Fingerprints.Add(new V1.DtlsFingerprint { Algorithm = f.Algorithm, Value = f.Value });
        }

        return request;
    }

    public static V1.MediaKind ToProto(Sdp.MediaKind kind) => kind == Sdp.MediaKind.Audio ? V1.MediaKind.Audio : V1.MediaKind.Video;

    public static V1.RtpParameters ToProto(Sdp.RtpParameters parameters)
    {
        var proto = new V1.RtpParameters
        {
            Mid = parameters.Mid ?? "",
            Rtcp = new V1.RtcpParameters { Cname = parameters.Rtcp.Cname ?? "", ReducedSize = parameters.Rtcp.ReducedSize },
        };
        foreach (var c in parameters.Codecs)
        {
            var codec = new V1.RtpCodec { MimeType = c.MimeType, PayloadType = (uint)c.PayloadType, ClockRate = c.ClockRate, Channels = (uint)(c.Channels ?? 0) };
            foreach (var (name, value) in c.Parameters)
            {
                codec.Parameters.Add(new V1.CodecParameter { Name = name, Value = value });
            }

            foreach (var f in c.RtcpFeedback)
            {
                codec.RtcpFeedback.Add(new V1.RtcpFeedback { Type = f.Type, Parameter = f.Parameter ?? "" });
            }

            proto.Codecs.Add(codec);
        }

        foreach (var e in parameters.HeaderExtensions)
        {
            proto.HeaderExtensions.Add(new V1.RtpHeaderExtension { Uri = e.Uri, Id = (uint)e.Id });
        }

        foreach (var e in parameters.Encodings)
        {
            proto.Encodings.Add(new V1.RtpEncoding { Ssrc = e.Ssrc ?? 0, Rid = e.Rid ?? "", RtxSsrc = e.RtxSsrc ?? 0 });
        }

        return proto;
    }

    /// <summary>
    /// A consumer as a subscriber m-section. <paramref name="streamId"/> becomes the msid stream id — the
    /// publisher's user id, so the browser groups a publisher's audio and video into one MediaStream (one tile).
    /// </summary>
    public static Sdp.ConsumerParameters ToSdp(V1.Consumer consumer, string streamId)
    {
        var p = consumer.RtpParameters;
        var parameters = new Sdp.RtpParameters
        {
            Codecs = [.. p.Codecs.Select(c => new Sdp.RtpCodecParameters
            {
                MimeType = c.MimeType,
                PayloadType = (int)c.PayloadType,
                ClockRate = c.ClockRate,
                Channels = c.Channels == 0 ? null : (int)c.Channels,
                Parameters = ToDictionary(c.Parameters),
                RtcpFeedback = [.. c.RtcpFeedback.Select(f => new Sdp.RtcpFeedback(f.Type, f.Parameter.Length == 0 ? null : f.Parameter))],
            })],
            HeaderExtensions = [.. p.HeaderExtensions.Select(e => new Sdp.RtpHeaderExtensionParameters(e.Uri, (int)e.Id))],
            Encodings = [.. p.Encodings.Select(e => new Sdp.RtpEncodingParameters(e.Ssrc, null, e.RtxSsrc == 0 ? null : e.RtxSsrc))],
            Rtcp = new Sdp.RtcpParameters(p.Rtcp?.Cname),
        };
        var kind = consumer.Kind == V1.MediaKind.Audio ? Sdp.MediaKind.Audio : Sdp.MediaKind.Video;
        return new Sdp.ConsumerParameters(kind, parameters, streamId, consumer.ConsumerId);
    }

    private static OrderedDictionary<string, string> ToDictionary(IEnumerable<V1.CodecParameter> parameters)
    {
        var d = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            d[p.Name] = p.Value;
        }

        return d;
    }
}
