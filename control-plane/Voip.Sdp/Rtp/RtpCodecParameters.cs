namespace Voip.Sdp;

/// <summary>A negotiated codec as the engine sees it (mediasoup's RtpCodecParameters).</summary>
public sealed class RtpCodecParameters
{
    /// <summary><c>audio/opus</c>, <c>video/VP8</c>, <c>video/rtx</c>, ...</summary>
    public required string MimeType { get; init; }

    public required int PayloadType { get; init; }

    public required uint ClockRate { get; init; }

    public int? Channels { get; init; }

    /// <summary>The fmtp parameters in order (a bare token such as RED's <c>111/111</c> has the value "").</summary>
    public OrderedDictionary<string, string> Parameters { get; init; } = new(StringComparer.Ordinal);

    public List<RtcpFeedback> RtcpFeedback { get; init; } = [];

    public MediaKind Kind => MimeType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) ? MediaKind.Audio : MediaKind.Video;

    /// <summary>The subtype after the slash (<c>opus</c>).</summary>
    public string EncodingName => MimeType[(MimeType.IndexOf('/') + 1)..];

    public bool IsRtx => EncodingName.Equals("rtx", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{MimeType} pt={PayloadType} {ClockRate}" + (Channels is { } c ? "/" + c : "");
}
