namespace Voip.Media.Rtcp;

/// <summary>One SDES item with the SSRC/CSRC of the chunk it belongs to.</summary>
public readonly ref struct SdesItem
{
    public SdesItem(uint ssrc, SdesItemType type, ReadOnlySpan<byte> value)
    {
        Ssrc = ssrc;
        Type = type;
        Value = value;
    }

    public uint Ssrc { get; }

    public SdesItemType Type { get; }

    /// <summary>UTF-8 text, 0..255 bytes, not null-terminated (RFC 3550 §6.5).</summary>
    public ReadOnlySpan<byte> Value { get; }
}
