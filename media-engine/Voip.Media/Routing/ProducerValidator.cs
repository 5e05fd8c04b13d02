using Voip.Media.Transport;

namespace Voip.Media.Routing;

/// <summary>Checks a produce request before anything is created; every refusal says what to change.</summary>
internal static class ProducerValidator
{
    public const int MaxEncodings = 4;
    public const int MaxCodecs = 32;

    public static void Validate(WebRtcTransport transport, MediaKind kind, RtpParameters parameters)
    {
        if (parameters.Codecs.Count == 0 || parameters.Codecs.Count > MaxCodecs)
        {
            throw Invalid($"rtp_parameters.codecs must list 1..{MaxCodecs} codecs (the publisher's a=rtpmap lines)");
        }

        var payloadTypes = new HashSet<byte>();
        foreach (var codec in parameters.Codecs)
        {
            if (codec.PayloadType > 127)
            {
                throw Invalid($"codec {codec.MimeType}: payload type {codec.PayloadType} is outside 0..127");
            }

            if (!payloadTypes.Add(codec.PayloadType))
            {
                throw Invalid($"payload type {codec.PayloadType} is used by two codecs");
            }

            if (codec.ClockRate == 0)
            {
                throw Invalid($"codec {codec.MimeType}: clock_rate must be set (e.g. 48000 for opus, 90000 for video)");
            }

            if (!codec.IsRtx && codec.Kind != kind)
            {
                throw Invalid($"codec {codec.MimeType} is not {kind.ToString().ToLowerInvariant()}; a producer's kind and codecs must agree");
            }
        }

        if (parameters.Codecs.All(c => c.IsRtx))
        {
            throw Invalid("rtp_parameters.codecs has only RTX; list the media codec too");
        }

        foreach (var rtx in parameters.Codecs.Where(c => c.IsRtx))
        {
            int apt = rtx.AssociatedPayloadType;
            if (apt < 0 || !parameters.Codecs.Any(c => !c.IsRtx && c.PayloadType == apt))
            {
                throw Invalid($"RTX payload type {rtx.PayloadType} has apt={rtx.GetParameter("apt") ?? "(none)"}, which names no media codec");
            }
        }

        var ids = new HashSet<byte>();
        foreach (var ext in parameters.HeaderExtensions)
        {
            if (ext.Id == 0 || !ids.Add(ext.Id))
            {
                throw Invalid($"header extension {ext.Uri}: id {ext.Id} is 0 or used twice (ids are 1..255, unique)");
            }
        }

        if (parameters.Encodings.Count == 0 || parameters.Encodings.Count > MaxEncodings)
        {
            throw Invalid($"rtp_parameters.encodings must list 1..{MaxEncodings} streams (an SSRC, or a RID per simulcast layer)");
        }

        var ssrcs = new HashSet<uint>();
        var rids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var encoding in parameters.Encodings)
        {
            if (encoding.Ssrc == 0 && string.IsNullOrEmpty(encoding.Rid))
            {
                throw Invalid("every encoding needs an ssrc or a rid");
            }

            if (encoding.Rid is { Length: > 16 })
            {
                throw Invalid($"rid '{encoding.Rid}' is longer than 16 characters");
            }

            if (encoding.Ssrc != 0 && (!ssrcs.Add(encoding.Ssrc) || transport.IsIncomingSsrcTaken(encoding.Ssrc)))
            {
                throw new RoutingException(RoutingError.AlreadyExists, $"ssrc {encoding.Ssrc} is already in use on transport {transport.Id}");
            }

            if (encoding.RtxSsrc != 0 && (!ssrcs.Add(encoding.RtxSsrc) || transport.IsIncomingSsrcTaken(encoding.RtxSsrc)))
            {
                throw new RoutingException(RoutingError.AlreadyExists, $"rtx ssrc {encoding.RtxSsrc} is already in use on transport {transport.Id}");
            }

            if (!string.IsNullOrEmpty(encoding.Rid) && !rids.Add(encoding.Rid))
            {
                throw Invalid($"rid '{encoding.Rid}' is listed twice");
            }
        }

        if (rids.Count > 0 && parameters.Encodings.Any(e => e.Ssrc == 0) && parameters.GetExtensionId(Rtp.RtpExtensionUri.RtpStreamId) == 0)
        {
            throw Invalid($"encodings identified by rid need the {Rtp.RtpExtensionUri.RtpStreamId} header extension in rtp_parameters.header_extensions");
        }

        if (kind == MediaKind.Audio && parameters.Encodings.Count > 1)
        {
            throw Invalid("audio producers take one encoding (simulcast is for video)");
        }
    }

    private static RoutingException Invalid(string message) => new(RoutingError.InvalidArgument, message);
}
