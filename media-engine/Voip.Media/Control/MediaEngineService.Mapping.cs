using Grpc.Core;
using Voip.Media.Routing;
using V1 = Voip.Media.Control.V1;

namespace Voip.Media.Control;

/// <summary>proto ⇄ routing model, validating as it goes (a bad field is InvalidArgument with its name).</summary>
public sealed partial class MediaEngineService
{
    internal static MediaKind ToKind(V1.MediaKind kind) => kind switch
    {
        V1.MediaKind.Audio => MediaKind.Audio,
        V1.MediaKind.Video => MediaKind.Video,
        _ => throw Invalid("kind must be MEDIA_KIND_AUDIO or MEDIA_KIND_VIDEO"),
    };

    internal static V1.MediaKind ToProto(MediaKind kind) => kind == MediaKind.Audio ? V1.MediaKind.Audio : V1.MediaKind.Video;

    internal static RtpParameters ToModel(V1.RtpParameters? p)
    {
        if (p is null)
        {
            throw Invalid("rtp_parameters is required: codecs, header_extensions and encodings from the publisher's SDP");
        }

        return new RtpParameters(
            Mid: p.Mid.Length == 0 ? null : p.Mid,
            Codecs: [.. p.Codecs.Select(ToModel)],
            HeaderExtensions: [.. p.HeaderExtensions.Select(ToModel)],
            Encodings: [.. p.Encodings.Select(e => new RtpEncoding(e.Ssrc, e.Rid.Length == 0 ? null : e.Rid, e.RtxSsrc, e.MaxBitrate))],
            Cname: p.Rtcp is { Cname.Length: > 0 } rtcp ? rtcp.Cname : null);
    }

    internal static RtpCapabilities ToModel(V1.RtpCapabilities? c)
    {
        if (c is null || c.Codecs.Count == 0)
        {
            throw Invalid("rtp_capabilities with at least one codec is required: what the subscriber can receive");
        }

        return new RtpCapabilities([.. c.Codecs.Select(ToModel)], [.. c.HeaderExtensions.Select(ToModel)]);
    }

    private static RtpCodec ToModel(V1.RtpCodec c)
    {
        if (c.MimeType.Length is 0 or > 64 || !c.MimeType.Contains('/'))
        {
            throw Invalid($"codec mime_type '{c.MimeType}' must look like 'audio/opus' or 'video/VP8'");
        }

        if (c.PayloadType > 127)
        {
            throw Invalid($"codec {c.MimeType}: payload_type {c.PayloadType} is outside 0..127");
        }

        if (c.Parameters.Count > 32 || c.RtcpFeedback.Count > 32)
        {
            throw Invalid($"codec {c.MimeType}: at most 32 parameters and 32 rtcp_feedback entries");
        }

        return new RtpCodec(
            c.MimeType,
            (byte)c.PayloadType,
            c.ClockRate,
            (int)c.Channels,
            [.. c.Parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))],
            [.. c.RtcpFeedback.Select(f => new RtcpFeedbackEntry(f.Type, f.Parameter))]);
    }

    private static RtpHeaderExtension ToModel(V1.RtpHeaderExtension e)
    {
        if (e.Id is 0 or > 255 || e.Uri.Length is 0 or > 256)
        {
            throw Invalid($"header extension '{e.Uri}' id {e.Id}: ids are 1..255 and the uri is required");
        }

        return new RtpHeaderExtension(e.Uri, (byte)e.Id);
    }

    internal static V1.RtpParameters ToProto(RtpParameters p)
    {
        var proto = new V1.RtpParameters { Mid = p.Mid ?? "", Rtcp = new V1.RtcpParameters { Cname = p.Cname ?? "", ReducedSize = true } };
        foreach (var c in p.Codecs)
        {
            var codec = new V1.RtpCodec { MimeType = c.MimeType, PayloadType = c.PayloadType, ClockRate = c.ClockRate, Channels = (uint)Math.Max(0, c.Channels) };
            codec.Parameters.Add(c.Parameters.Select(kv => new V1.CodecParameter { Name = kv.Key, Value = kv.Value }));
            codec.RtcpFeedback.Add(c.Feedback.Select(f => new V1.RtcpFeedback { Type = f.Type, Parameter = f.Parameter }));
            proto.Codecs.Add(codec);
        }

        proto.HeaderExtensions.Add(p.HeaderExtensions.Select(e => new V1.RtpHeaderExtension { Uri = e.Uri, Id = e.Id }));
        proto.Encodings.Add(p.Encodings.Select(e => new V1.RtpEncoding { Ssrc = e.Ssrc, Rid = e.Rid ?? "", RtxSsrc = e.RtxSsrc, MaxBitrate = (uint)Math.Min(uint.MaxValue, e.MaxBitrate) }));
        return proto;
    }

    internal static RpcException ToRpc(RoutingException ex) => new(new Status(
        ex.Error switch
        {
            RoutingError.NotFound => StatusCode.NotFound,
            RoutingError.AlreadyExists => StatusCode.AlreadyExists,
            RoutingError.FailedPrecondition => StatusCode.FailedPrecondition,
            _ => StatusCode.InvalidArgument,
        },
        ex.Message));
}
