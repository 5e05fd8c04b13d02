namespace Voip.Media.Rtp;

/// <summary>
/// abs-send-time (webrtc.org experiment, used by REMB-era bandwidth estimation): 24 bits, 6.18
/// fixed-point seconds, the low bits of the sender's NTP time (wraps every 64 s).
/// </summary>
public static class AbsSendTimeExtension
{
    public const int Length = 3;

    public static bool TryRead(ReadOnlySpan<byte> data, out uint value)
    {
        if (data.Length != Length)
        {
            value = 0;
            return false;
        }

        value = (uint)((data[0] << 16) | (data[1] << 8) | data[2]);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint value)
    {
        if (destination.Length < Length)
        {
            return false;
        }

        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
        return true;
    }

    /// <summary>The 24-bit value for a time in microseconds (taken modulo 64 s).</summary>
    public static uint FromMicroseconds(long microseconds) =>
        (uint)(((((ulong)microseconds) << 18) / 1_000_000UL) & 0xFFFFFF);

    /// <summary>Microseconds within the 64 s cycle, rounded down.</summary>
    public static long ToMicroseconds(uint value) => (long)(((ulong)(value & 0xFFFFFF) * 1_000_000UL) >> 18);
}
