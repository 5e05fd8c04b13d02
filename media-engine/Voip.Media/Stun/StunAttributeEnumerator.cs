namespace Voip.Media.Stun;

/// <summary>Walks the attributes of a message in wire order; stops at the first malformed boundary.</summary>
public ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _message;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> message)
    {
        _message = message;
        _next = StunMessage.HeaderLength;
        _current = default;
    }

    public readonly StunAttribute Current => _current;

    public readonly StunAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!StunMessage.TryReadAttributeBounds(_message, _next, out ushort type, out int length, out int next))
        {
            _next = _message.Length;
            return false;
        }

        _current = new StunAttribute(type, _message.Slice(_next + 4, length));
        _next = next;
        return true;
    }
}
