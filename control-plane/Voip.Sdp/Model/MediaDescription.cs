namespace Voip.Sdp;

/// <summary>A media section: the <c>m=</c> line and what follows it up to the next one (RFC 8866 §5.14).</summary>
public sealed partial class MediaDescription : SdpSection, IEquatable<MediaDescription>
{
    public const string WebRtcProtocol = "UDP/TLS/RTP/SAVPF";
    public const string DataChannelProtocol = "UDP/DTLS/SCTP";

    public MediaDescription(string kind, int port, string protocol, IEnumerable<string> formats)
    {
        Kind = kind;
        Port = port;
        Protocol = protocol;
        Formats.AddRange(formats);
    }

    /// <summary>The media type: <c>audio</c>, <c>video</c>, <c>application</c>, ...</summary>
    public string Kind { get; set; }

    /// <summary>The port; 0 rejects the section (RFC 3264 §6) or marks it bundle-only (RFC 8843 §6).</summary>
    public int Port { get; set; }

    /// <summary>The optional <c>/count</c> after the port.</summary>
    public int? PortCount { get; set; }

    public string Protocol { get; set; }

    /// <summary>The format list: payload types for RTP profiles, <c>webrtc-datachannel</c> for SCTP.</summary>
    public List<string> Formats { get; } = [];

    public string? Information { get; set; }

    public SdpConnection? Connection { get; set; }

    public List<SdpBandwidth> Bandwidths { get; } = [];

    public string? EncryptionKey { get; set; }

    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.Ordinal);

    public bool Equals(MediaDescription? other) =>
        other is not null
        && Kind == other.Kind
        && Port == other.Port
        && PortCount == other.PortCount
        && Protocol == other.Protocol
        && SequenceEqual(Formats, other.Formats)
        && Information == other.Information
        && Connection == other.Connection
        && SequenceEqual(Bandwidths, other.Bandwidths)
        && EncryptionKey == other.EncryptionKey
        && SequenceEqual(Attributes, other.Attributes);

    public override bool Equals(object? obj) => Equals(obj as MediaDescription);

    public override int GetHashCode() => HashCode.Combine(Kind, Port, Protocol, Attributes.Count);
}
