namespace Voip.Sdp;

/// <summary>
/// The RTP parameters of a producer or consumer, the neutral shape the control plane passes to the engine
/// (mediasoup's RtpParameters). The engine never sees SDP.
/// </summary>
public sealed class RtpParameters
{
    public string? Mid { get; init; }

    public List<RtpCodecParameters> Codecs { get; init; } = [];

    public List<RtpHeaderExtensionParameters> HeaderExtensions { get; init; } = [];

    public List<RtpEncodingParameters> Encodings { get; init; } = [];

    public RtcpParameters Rtcp { get; init; } = new();
}
