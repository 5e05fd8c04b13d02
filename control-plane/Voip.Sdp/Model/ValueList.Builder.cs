namespace Voip.Sdp;

/// <summary>Lets collection expressions (<c>[a, b]</c>) build a <see cref="ValueList{T}"/>.</summary>
public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) => ValueList<T>.Wrap(items.ToArray());
}
