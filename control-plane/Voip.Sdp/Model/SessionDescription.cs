namespace Voip.Sdp;

/// <summary>
/// A session description (RFC 8866 §5): session-level lines, attributes in order, and media sections.
/// Mutable on purpose — builders assemble it, the parser fills it, <see cref="ToString"/> writes it.
/// </summary>
public sealed partial class SessionDescription : SdpSection, IEquatable<SessionDescription>
{
    public int Version { get; set; }

    public SdpOrigin Origin { get; set; } = SdpOrigin.Create(0, 0);

    public string SessionName { get; set; } = "-";

    public string? Information { get; set; }

    public string? Uri { get; set; }

    public List<string> Emails { get; } = [];

    public List<string> Phones { get; } = [];

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    /// <summary>The <c>t=</c> lines; the writer writes <c>t=0 0</c> when empty (it is mandatory).</summary>
    public List<SdpTiming> Timings { get; } = [];

    public string? TimeZones { get; set; }

    public string? EncryptionKey { get; set; }

    public List<MediaDescription> Media { get; } = [];

    public static SessionDescription Parse(string sdp) => SdpParser.Parse(sdp);

    public static bool TryParse(string sdp, out SessionDescription? description, out SdpParseError? error) =>
        SdpParser.TryParse(sdp, out description, out error);

    /// <summary>Writes the description with CRLF line endings (RFC 8866 §5).</summary>
    public override string ToString() => SdpWriter.Write(this);

    public bool Equals(SessionDescription? other) =>
        other is not null
        && Version == other.Version
        && Origin == other.Origin
        && SessionName == other.SessionName
        && Information == other.Information
        && Uri == other.Uri
        && SequenceEqual(Emails, other.Emails)
        && SequenceEqual(Phones, other.Phones)
        && Connection == other.Connection
        && SequenceEqual(Bandwidths, other.Bandwidths)
        && SequenceEqual(Timings, other.Timings)
        && TimeZones == other.TimeZones
        && EncryptionKey == other.EncryptionKey
        && SequenceEqual(Attributes, other.Attributes)
        && SequenceEqual(Media, other.Media);

    public override bool Equals(object? obj) => Equals(obj as SessionDescription);

    public override int GetHashCode() => HashCode.Combine(Origin, SessionName, Media.Count, Attributes.Count);
}
