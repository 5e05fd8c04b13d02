namespace Voip.Media.Rtp;

/// <summary>The header-extension URIs (a=extmap) the SFU understands.</summary>
public static class RtpExtensionUri
{
    /// <summary>RFC 8843 §15.1 (BUNDLE media identification).</summary>
    public const string Mid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RFC 8852 §3.1.</summary>
    public const string RtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RFC 8852 §3.2.</summary>
    public const string RepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>RFC 6464.</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>draft-holmer-rmcat-transport-wide-cc-extensions-01 §2.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
}
