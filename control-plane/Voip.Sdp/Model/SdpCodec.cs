namespace Voip.Sdp;

/// <summary>A codec of a media section, assembled from its rtpmap, fmtp and rtcp-fb lines.</summary>
public sealed class SdpCodec
{
    public int PayloadType { get; init; }

    /// <summary>The encoding name as written (<c>opus</c>, <c>VP8</c>, <c>rtx</c>); empty if unknown.</summary>
    public string Name { get; set; } = "";

    public uint ClockRate { get; set; }

    public int? Channels { get; set; }

    /// <summary>The fmtp parameters in order; a bare token has the value "".</summary>
    public OrderedDictionary<string, string> Parameters { get; } = new(StringComparer.Ordinal);

    public List<RtcpFeedback> Feedback { get; } = [];

    /// <summary>The mime type, e.g. <c>audio/opus</c>.</summary>
    public string MimeType(string kind) => kind + "/" + Name;

    public override string ToString() => $"{PayloadType} {Name}/{ClockRate}" + (Channels is { } c ? "/" + c : "");
}
