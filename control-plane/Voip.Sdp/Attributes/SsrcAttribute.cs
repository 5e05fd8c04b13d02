using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=ssrc:1234 cname:abc</c> (RFC 5576 §4.1): one source-level attribute of one SSRC.</summary>
public sealed record SsrcAttribute(uint Ssrc, string Attribute, string? Value) : SdpAttribute
{
    public override string Name => "ssrc";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(Ssrc).Append(' ').Append(Attribute);
        if (Value is not null)
        {
            builder.Append(':').Append(Value);
        }
    }
}
