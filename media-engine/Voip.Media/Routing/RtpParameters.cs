namespace Voip.Media.Routing;

/// <summary>What one side sends or receives for a track (the engine's view of an m-section).</summary>
public sealed record RtpParameters(
    string? Mid,
    IReadOnlyList<RtpCodec> Codecs,
    IReadOnlyList<RtpHeaderExtension> HeaderExtensions,
    IReadOnlyList<RtpEncoding> Encodings,
    string? Cname)
{
    public byte GetExtensionId(string uri)
    {
        foreach (var e in HeaderExtensions)
        {
            if (e.Uri.Equals(uri, StringComparison.Ordinal))
            {
                return e.Id;
            }
        }

        return 0;
    }
}
