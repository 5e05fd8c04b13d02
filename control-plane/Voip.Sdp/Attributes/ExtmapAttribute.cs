using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=extmap:3/sendonly uri attributes</c> (RFC 8285 §8).</summary>
public sealed record ExtmapAttribute(int Id, SdpDirection? Direction, string Uri, string? ExtensionAttributes = null) : SdpAttribute
{
    public override string Name => "extmap";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(Id);
        if (Direction is { } direction)
        {
            builder.Append('/').Append(direction.ToSdp());
        }
        builder.Append(' ').Append(Uri);
        if (ExtensionAttributes is not null)
        {
            builder.Append(' ').Append(ExtensionAttributes);
        }
    }
}
