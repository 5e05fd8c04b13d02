namespace Voip.Sdp;

/// <summary>
/// A <c>t=</c> line (RFC 8866 §5.9) with the <c>r=</c> lines that follow it kept verbatim (WebRTC always
/// writes <c>t=0 0</c> and no repeats).
/// </summary>
public sealed record SdpTiming(ulong Start, ulong Stop, ValueList<string> Repeats)
{
    public static SdpTiming Unbounded { get; } = new(0, 0, ValueList<string>.Empty);
}
