namespace Voip.Media.Routing;

/// <summary>A codec as negotiated in SDP (a=rtpmap, a=fmtp, a=rtcp-fb), with its payload type on one side.</summary>
public sealed record RtpCodec(
    string MimeType,
    byte PayloadType,
    uint ClockRate,
    int Channels,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    IReadOnlyList<RtcpFeedbackEntry> Feedback)
{
    public MediaKind Kind => MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Video;

    public bool IsRtx => MimeType.Equals("video/rtx", StringComparison.OrdinalIgnoreCase) || MimeType.Equals("audio/rtx", StringComparison.OrdinalIgnoreCase);

    /// <summary>For RTX (RFC 4588 §8.6): the payload type it repairs, or -1.</summary>
    public int AssociatedPayloadType => GetParameter("apt") is { } apt && byte.TryParse(apt, out byte pt) ? pt : -1;

    public string? GetParameter(string name)
    {
        foreach (var p in Parameters)
        {
            if (p.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    public bool HasFeedback(string type, string parameter = "")
    {
        foreach (var f in Feedback)
        {
            if (f.Type.Equals(type, StringComparison.OrdinalIgnoreCase) && f.Parameter.Equals(parameter, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public RtpCodec WithPayloadType(byte payloadType) => this with { PayloadType = payloadType };
}
