using System.Text;

namespace Voip.Sdp;

/// <summary>
/// One <c>a=</c> line (RFC 8866 §5.13). Sections keep their attributes in an ordered list, so a parsed
/// description is written back in its original order; typed accessors on the sections read the list.
/// Attributes this library does not model are kept as <see cref="GenericAttribute"/>.
/// </summary>
public abstract record SdpAttribute
{
    /// <summary>The attribute name, the part between <c>a=</c> and the colon.</summary>
    public abstract string Name { get; }

    /// <summary>False for property attributes (<c>a=rtcp-mux</c>), which have no <c>:value</c>.</summary>
    public virtual bool HasValue => true;

    /// <summary>Appends the value, the text after <c>a=name:</c>.</summary>
    public abstract void AppendValue(StringBuilder builder);

    public sealed override string ToString()
    {
        var sb = new StringBuilder("a=").Append(Name);
        if (HasValue)
        {
            AppendValue(sb.Append(':'));
        }
        return sb.ToString();
    }
}
