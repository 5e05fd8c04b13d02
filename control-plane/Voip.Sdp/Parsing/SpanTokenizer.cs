namespace Voip.Sdp;

/// <summary>Walks a span token by token, split on one separator, without allocating.</summary>
internal ref struct SpanTokenizer(ReadOnlySpan<char> text, char separator = ' ')
{
    private ReadOnlySpan<char> _rest = text;

    public readonly ReadOnlySpan<char> Rest => _rest;

    public readonly bool IsEmpty => _rest.IsEmpty;

    public bool Next(out ReadOnlySpan<char> token)
    {
        if (_rest.IsEmpty)
        {
            token = default;
            return false;
        }
        var i = _rest.IndexOf(separator);
        if (i < 0)
        {
            token = _rest;
            _rest = default;
        }
        else
        {
            token = _rest[..i];
            _rest = _rest[(i + 1)..];
        }
        return true;
    }
}
