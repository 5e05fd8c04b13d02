namespace Voip.Sdp;

/// <summary>
/// Caps that keep a hostile offer from costing memory or CPU. Browsers stay far below them: a Chromium
/// offer with audio and simulcast video is ~7 KiB, its longest line ~200 characters.
/// </summary>
public static class SdpLimits
{
    public const int MaxSdpLength = 256 * 1024;
    public const int MaxLineLength = 4 * 1024;
    public const int MaxMediaSections = 64;
    public const int MaxCodecsPerSection = 256;
    public const int MaxCandidatesPerSection = 256;
    public const int MaxSsrcLinesPerSection = 1024;
    public const int MaxRidsPerSection = 64;
    public const int MaxFingerprints = 16;
}
