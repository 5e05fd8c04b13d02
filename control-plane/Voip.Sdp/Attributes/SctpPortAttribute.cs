using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=sctp-port</c> (RFC 8841 §5).</summary>
public sealed record SctpPortAttribute(int Port) : SdpAttribute
{
    public override string Name => "sctp-port";

    public override void AppendValue(StringBuilder builder) => builder.Append(Port);
}
