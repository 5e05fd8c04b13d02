using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=max-message-size</c> (RFC 8841 §6); 0 means "no limit".</summary>
public sealed record MaxMessageSizeAttribute(ulong Size) : SdpAttribute
{
    public override string Name => "max-message-size";

    public override void AppendValue(StringBuilder builder) => builder.Append(Size);
}
