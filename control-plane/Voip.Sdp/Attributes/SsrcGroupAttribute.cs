using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=ssrc-group:FID 1 2</c> (RFC 5576 §4.2); semantics FID (RFC 4588 RTX) or SIM (simulcast).</summary>
public sealed record SsrcGroupAttribute(string Semantics, ValueList<uint> Ssrcs) : SdpAttribute
{
    public const string Fid = "FID";
    public const string Sim = "SIM";

    public override string Name => "ssrc-group";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(Semantics);
        foreach (var ssrc in Ssrcs)
        {
            builder.Append(' ').Append(ssrc);
        }
    }
}
