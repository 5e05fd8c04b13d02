using System.Text;

namespace Voip.Sdp;

/// <summary><c>a=group:BUNDLE 0 1</c> (RFC 5888 §5, RFC 8843 §7).</summary>
public sealed record GroupAttribute(string Semantics, ValueList<string> Mids) : SdpAttribute
{
    public const string Bundle = "BUNDLE";

    public override string Name => "group";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(Semantics);
        foreach (var mid in Mids)
        {
            builder.Append(' ').Append(mid);
        }
    }
}
