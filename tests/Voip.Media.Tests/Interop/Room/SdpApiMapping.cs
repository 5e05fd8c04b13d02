using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>Voip.Sdp's RTP model ⇄ the engine API's messages, as the control plane will do it.</summary>
internal static class SdpApiMapping
{
    public static Sdp.TransportParameters ToSdp(V1.WebRtcTransport t) => new(
        new Sdp.IceParameters(t.IceParameters.UsernameFragment, t.IceParameters.Password, Lite: true),
        [.. t.IceCandidates.Select(c => new Sdp.IceCandidate(c.Foundation, c.Priority, c.Ip, (int)c.Port, c.Protocol, c.Type))],
        new Sdp.DtlsParameters(Sdp.DtlsRole.Auto, [.. t.DtlsParameters.Fingerprints.Select(f => new Sdp.DtlsFingerprint(f.Algorithm, f.Value))]));

    public static V1.ConnectWebRtcTransportRequest Connect(string transportId, Sdp.DtlsParameters remoteDtls, Sdp.IceParameters remoteIce, Sdp.DtlsRole localRole)
    {
        var request = new V1.ConnectWebRtcTransportRequest
        {
            TransportId = transportId,
            // The peer's role is the other one of ours.
            DtlsParameters = new V1.DtlsParameters { Role = localRole == Sdp.DtlsRole.Client ? V1.DtlsRole.Server : V1.DtlsRole.Client },
            RemoteUsernameFragment = remoteIce.Ufrag,
            RemotePassword = remoteIce.Pwd,
        };
        request.DtlsParameters.Fingerprints.Add(remoteDtls.Fingerprints.Select(f => new V1.DtlsFingerprint { Algorithm = f.Algorithm, Value = f.Value }));
        return request;
    }

    public static V1.RtpParameters ToProto(Sdp.RtpParameters p)
    {
        var proto = new V1.RtpParameters { Mid = p.Mid ?? "", Rtcp = new V1.RtcpParameters { Cname = p.Rtcp.Cname ?? "", ReducedSize = p.Rtcp.ReducedSize } };
        proto.Codecs.Add(p.Codecs.Select(ToProto));
        proto.HeaderExtensions.Add(p.HeaderExtensions.Select(e => new V1.RtpHeaderExtension { Uri = e.Uri, Id = (uint)e.Id }));
        proto.Encodings.Add(p.Encodings.Select(e => new V1.RtpEncoding { Ssrc = e.Ssrc ?? 0, Rid = e.Rid ?? "", RtxSsrc = e.RtxSsrc ?? 0 }));
        return proto;
    }

    public static V1.RtpCodec ToProto(Sdp.RtpCodecParameters c)
    {
        var codec = new V1.RtpCodec { MimeType = c.MimeType, PayloadType = (uint)c.PayloadType, ClockRate = c.ClockRate, Channels = (uint)(c.Channels ?? 0) };
        codec.Parameters.Add(c.Parameters.Select(kv => new V1.CodecParameter { Name = kv.Key, Value = kv.Value }));
        codec.RtcpFeedback.Add(c.RtcpFeedback.Select(f => new V1.RtcpFeedback { Type = f.Type, Parameter = f.Parameter ?? "" }));
        return codec;
    }

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
        return new Sdp.ConsumerParameters(
            consumer.Kind == V1.MediaKind.Audio ? Sdp.MediaKind.Audio : Sdp.MediaKind.Video, parameters, streamId, consumer.ConsumerId);
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
