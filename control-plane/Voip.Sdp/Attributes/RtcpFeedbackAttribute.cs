using System.Text;

namespace Voip.Sdp;

/// <summary>
/// <c>a=rtcp-fb:96 nack pli</c> (RFC 4585 §4.2). A null <see cref="PayloadType"/> is the <c>*</c> wildcard.
/// </summary>
public sealed record RtcpFeedbackAttribute(int? PayloadType, string Type, string? Parameter) : SdpAttribute
{
    public override string Name => "rtcp-fb";

    public override void AppendValue(StringBuilder builder)
    {
        if (PayloadType is { } pt)
        {
            builder.Append(pt);
        }
        else
        {
            builder.Append('*');
        }
        builder.Append(' ').Append(Type);
        if (Parameter is not null)
        {
            builder.Append(' ').Append(Parameter);
        }
    }
}
