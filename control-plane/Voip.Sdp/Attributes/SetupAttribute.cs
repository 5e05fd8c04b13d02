using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=setup</c>: which side starts DTLS (RFC 4145 §4; RFC 8842 §5 for the DTLS rules).</summary>
public sealed record SetupAttribute(SdpSetupRole Role) : SdpAttribute
{
    public override string Name => "setup";

    public override void AppendValue(StringBuilder builder) => builder.Append(Role.ToSdp());
}
