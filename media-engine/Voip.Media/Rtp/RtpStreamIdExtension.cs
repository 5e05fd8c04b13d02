namespace Voip.Media.Rtp;

/// <summary>
/// SDES-item header extensions carrying identifiers: mid (RFC 8843 §15.1), rid and repaired-rid
/// (RFC 8852 §3). The value is the ASCII text with no terminator; a few senders pad with NUL bytes,
/// which are trimmed. Only printable, non-space ASCII is accepted (RFC 8851 §10 rid-syntax is
/// alphanumeric plus '-' and '_'; mid is an SDP token).
/// </summary>
public static class RtpStreamIdExtension
{
    /// <summary>The longest id a one-byte element can carry.</summary>
    public const int MaxOneByteLength = 16;

    public static bool TryRead(ReadOnlySpan<byte> data, out ReadOnlySpan<byte> id)
    {
        int end = data.Length;
        while (end > 0 && data[end - 1] == 0)
        {
            end--;
        }

        id = data.Slice(0, end);
        if (end == 0)
        {
            return false;
        }

        foreach (byte b in id)
        {
            if (b is < 0x21 or > 0x7E)
            {
                id = default;
                return false;
            }
        }

        return true;
    }

    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<byte> id, out int written)
    {
        written = 0;
        if (id.IsEmpty || id.Length > 255 || destination.Length < id.Length)
        {
            return false;
        }

        id.CopyTo(destination);
        written = id.Length;
        return true;
    }

    /// <summary>Compares the extension's value to an expected id (as negotiated) without allocating.</summary>
    public static bool Matches(ReadOnlySpan<byte> data, ReadOnlySpan<byte> expected) =>
        TryRead(data, out ReadOnlySpan<byte> id) && id.SequenceEqual(expected);
}
