using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=mid</c>: the media stream identification tag (RFC 5888 §4, RFC 8843).</summary>
public sealed record MidAttribute(string Mid) : SdpAttribute
{
    public override string Name => "mid";

    public override void AppendValue(StringBuilder builder) => builder.Append(Mid);
}
