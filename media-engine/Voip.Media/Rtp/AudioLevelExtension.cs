namespace Voip.Media.Rtp;

/// <summary>
/// Client-to-mixer audio level (RFC 6464 §3): one byte, V (voice activity) and the level in −dBov (0 loudest, 127 silence).
/// <code>
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |V|    level    |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class AudioLevelExtension
{
    public const int Length = 1;

    public const byte Silence = 127;

    /// <summary>Reads the first byte; RFC 6464 §3 permits one-byte-form padding to more bytes.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out bool voice, out byte level)
    {
        if (data.IsEmpty)
        {
            voice = false;
            level = 0;
            return false;
        }

        voice = (data[0] & 0x80) != 0;
        level = (byte)(data[0] & 0x7F);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, bool voice, byte level)
    {
        if (destination.IsEmpty || level > Silence)
        {
            return false;
        }

        destination[0] = (byte)((voice ? 0x80 : 0) | level);
        return true;
    }
}
