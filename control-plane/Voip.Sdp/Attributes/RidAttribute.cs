using System.Globalization;
using System.Text;

namespace Voip.Sdp;

/// <summary>
/// <c>a=rid:h send pt=96,97;max-width=1280</c> (RFC 8851 §10). The restrictions keep their order; the
/// <c>pt=</c> list is one of them and is also exposed as <see cref="PayloadTypes"/>.
/// </summary>
public sealed record RidAttribute(string Id, RidDirection Direction, ValueList<SdpParameter> Restrictions) : SdpAttribute
{
    public override string Name => "rid";

    /// <summary>The payload types of the <c>pt=</c> restriction (validated when parsed), empty if none.</summary>
    public IReadOnlyList<int> PayloadTypes
    {
        get
        {
            foreach (var r in Restrictions)
            {
                if (r.Name == "pt" && r.Value is not null)
                {
                    return [.. r.Value.Split(',').Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture))];
                }
            }
            return [];
        }
    }

    public override void AppendValue(StringBuilder builder)
    {
        builder.Append(Id).Append(' ').Append(Direction == RidDirection.Send ? "send" : "recv");
        for (var i = 0; i < Restrictions.Count; i++)
        {
            builder.Append(i == 0 ? ' ' : ';').Append(Restrictions[i].ToString());
        }
    }
}
