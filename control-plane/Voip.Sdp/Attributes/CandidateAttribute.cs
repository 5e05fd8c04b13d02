using System.Text;

namespace Voip.Sdp;

/// <summary>
/// <c>a=candidate</c> (RFC 8839 §5.1): foundation, component, transport, priority, address, port, type,
/// optional <c>raddr</c>/<c>rport</c>, then extension name/value pairs; <c>tcptype</c> (RFC 6544) and
/// <c>generation</c> are typed, every other extension (Chromium's <c>network-id</c>, <c>ufrag</c>, ...) is
/// kept in <see cref="Extensions"/> in its order.
/// </summary>
public sealed record CandidateAttribute(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    string? TcpType = null,
    uint? Generation = null) : SdpAttribute
{
    public override string Name => "candidate";

    public ValueList<SdpParameter> Extensions { get; init; } = ValueList<SdpParameter>.Empty;

    /// <summary>Parses a trickled candidate as signalled by browsers (<c>candidate:...</c>, with or without <c>a=</c>).</summary>
    public static CandidateAttribute Parse(string candidate) => SdpParser.ParseCandidate(candidate);

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(Foundation).Append(' ').Append(Component).Append(' ').Append(Transport).Append(' ')
            .Append(Priority).Append(' ').Append(Address).Append(' ').Append(Port).Append(" typ ").Append(Type);
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }
        if (RelatedPort is { } rport)
        {
            builder.Append(" rport ").Append(rport);
        }
        if (TcpType is not null)
        {
            builder.Append(" tcptype ").Append(TcpType);
        }
        if (Generation is { } generation)
        {
            builder.Append(" generation ").Append(generation);
        }
        foreach (var extension in Extensions)
        {
            builder.Append(' ').Append(extension.Name).Append(' ').Append(extension.Value);
        }
    }
}
