using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=ice-pwd</c> (RFC 8839 §5.4).</summary>
public sealed record IcePwdAttribute(string Pwd) : SdpAttribute
{
    public override string Name => "ice-pwd";

    public override void AppendValue(StringBuilder builder) => builder.Append(Pwd);
}
