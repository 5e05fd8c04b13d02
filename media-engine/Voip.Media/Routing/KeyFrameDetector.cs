using Voip.Media.Rtp.Codecs;

namespace Voip.Media.Routing;

/// <summary>Key-frame detection per codec on the first packet of a frame (VP8 RFC 7741 §4.3, VP9 draft-ietf-payload-vp9 §4.2, H.264 RFC 6184 §5.4).</summary>
internal static class KeyFrameDetector
{
    public static KeyFrameCodec ForCodec(string mimeType) => mimeType.ToUpperInvariant() switch
    {
        "VIDEO/VP8" => KeyFrameCodec.Vp8,
        "VIDEO/VP9" => KeyFrameCodec.Vp9,
        "VIDEO/H264" => KeyFrameCodec.H264,
        _ => KeyFrameCodec.None,
    };

    public static bool IsKeyFrame(KeyFrameCodec codec, ReadOnlySpan<byte> payload) => codec switch
    {
        KeyFrameCodec.Vp8 => Vp8PayloadDescriptor.TryParse(payload, out var vp8) && vp8.IsKeyFrame,
        KeyFrameCodec.Vp9 => Vp9PayloadDescriptor.TryParse(payload, out var vp9) && vp9.IsKeyFrame,
        KeyFrameCodec.H264 => H264Packet.IsKeyFrame(payload),
        _ => false,
    };
}
