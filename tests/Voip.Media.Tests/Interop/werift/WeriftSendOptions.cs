namespace Voip.Media.Tests.Interop.Werift;

/// <summary>How a werift track sends. Video loops the committed decodable VP8 clip (clip-vp8.ivf,
/// 320x180) unless <see cref="Synthetic"/>; audio sends 3-byte Opus silence frames unless <see cref="AudioClip"/>.</summary>
public sealed record WeriftSendOptions
{
    /// <summary>Video: VP8 frames that only look right at the RTP level (not decodable), sized <see cref="PayloadSize"/>.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Synthetic video: a key frame every N frames (and on every PLI).</summary>
    public int KeyFrameInterval { get; init; } = 30;

    /// <summary>Synthetic video frame size, or audio payload size; null = defaults (1000 / 3 bytes).</summary>
    public int? PayloadSize { get; init; }

    /// <summary>Audio: RFC 6464 level (0 loudest … 127 silence) in the ssrc-audio-level extension, if negotiated.</summary>
    public int? AudioLevel { get; init; }

    /// <summary>Audio: loop the committed Opus tone clip (clip-opus.ogg, 440 Hz, 20 ms packets) instead of silence frames.</summary>
    public bool AudioClip { get; init; }
}
