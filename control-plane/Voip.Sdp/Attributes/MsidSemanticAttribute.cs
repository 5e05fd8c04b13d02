using System.Text;

namespace Voip.Sdp;

/// <summary>
/// <c>a=msid-semantic: WMS id...</c> (the pre-RFC 8830 draft form WebRTC stacks still write). Written with
/// the leading space Chromium uses; parsed with or without it.
/// </summary>
public sealed record MsidSemanticAttribute(string Semantic, ValueList<string> Ids) : SdpAttribute
{
    public override string Name => "msid-semantic";

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(' ').Append(Semantic);
        foreach (var id in Ids)
        {
            builder.Append(' ').Append(id);
        }
    }
}
