namespace Voip.Media.Routing;

/// <summary>How to recognise a key frame in a codec's RTP payload.</summary>
internal enum KeyFrameCodec : byte
{
    None,
    Vp8,
    Vp9,
    H264,
}
