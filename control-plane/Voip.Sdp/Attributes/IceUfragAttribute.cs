using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=ice-ufrag</c> (RFC 8839 §5.4).</summary>
public sealed record IceUfragAttribute(string Ufrag) : SdpAttribute
{
    public override string Name => "ice-ufrag";

    public override void AppendValue(StringBuilder builder) => builder.Append(Ufrag);
}
