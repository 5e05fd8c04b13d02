using System.Collections;
using System.Runtime.CompilerServices;

namespace Voip.Sdp;

/// <summary>
/// An immutable list with structural equality, so that attribute records holding lists compare by value
/// (the round-trip tests compare whole parsed models).
/// </summary>
[CollectionBuilder(typeof(ValueList), nameof(ValueList.Create))]
public sealed class ValueList<T> : IReadOnlyList<T>, IEquatable<ValueList<T>>
{
    private readonly T[] _items;

    public static ValueList<T> Empty { get; } = new([]);

    public ValueList(IEnumerable<T> items) => _items = [.. items];

    private ValueList(T[] items) => _items = items;

    internal static ValueList<T> Wrap(T[] items) => items.Length == 0 ? Empty : new(items);

    public T this[int index] => _items[index];

    public int Count => _items.Length;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    public bool Equals(ValueList<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => Equals(obj as ValueList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";

    public static implicit operator ValueList<T>(T[] items) => Wrap([.. items]);
}
