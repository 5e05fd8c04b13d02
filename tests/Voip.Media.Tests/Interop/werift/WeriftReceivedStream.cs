namespace Voip.Media.Tests.Interop.Werift;

/// <summary>RTP the werift peer received on one SSRC (decrypted by werift's SRTP).</summary>
/// <param name="Bytes">Payload bytes (RTP headers excluded).</param>
/// <param name="KeyFrames">Packets that start a key frame (VP8: RFC 7741 §4.3; H.264: IDR or SPS).</param>
public sealed record WeriftReceivedStream(
    uint Ssrc,
    string? Mid,
    string Kind,
    int PayloadType,
    long Packets,
    long Bytes,
    long KeyFrames,
    int LastSeq);
