namespace Voip.Media.Tests.Interop.Werift;

/// <summary>RTP the werift peer received on one SSRC (decrypted by werift's SRTP).</summary>
/// <param name="Bytes">Payload bytes (RTP headers excluded).</param>
/// <param name="KeyFrames">Packets that start a key frame (VP8: RFC 7741 §4.3; H.264: IDR or SPS).</param>
/// <param name="Frames">VP8 only: frames reassembled complete (start packet to marker, no sequence gap; RFC 7741 §4.5).</param>
/// <param name="CompleteKeyFrames">VP8 only: how many of <paramref name="Frames"/> are key frames.</param>
/// <param name="IncompleteFrames">VP8 only: frames dropped for a gap or a missing start/marker.</param>
/// <param name="Lost">Packets missing from the sequence-number range seen (RFC 3550 §6.4.1 cumulative lost; negative with duplicates).</param>
/// <param name="Width">VP8 only: the size the last complete key frame declares (RFC 6386 §9.1), 0 before one.</param>
public sealed record WeriftReceivedStream(
    uint Ssrc,
    string? Mid,
    string Kind,
    int PayloadType,
    long Packets,
    long Bytes,
    long KeyFrames,
    int LastSeq,
    long Frames = 0,
    long CompleteKeyFrames = 0,
    long IncompleteFrames = 0,
    int Width = 0,
    int Height = 0,
    long Lost = 0);
