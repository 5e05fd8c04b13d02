using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=ice-options:trickle ...</c> (RFC 8839 §5.6).</summary>
public sealed record IceOptionsAttribute(ValueList<string> Options) : SdpAttribute
{
    public override string Name => "ice-options";

    public override void AppendValue(StringBuilder builder) => builder.AppendJoin(' ', Options);
}
