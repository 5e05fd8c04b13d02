using System.Security.Cryptography;

namespace Voip.ControlPlane.Common;

/// <summary>
/// 24-hex identifiers shaped like MongoDB ObjectIds (as in the seed's examples): 4 bytes of seconds since the
/// Unix epoch, then 8 random bytes — so they sort roughly by creation time and never collide in practice.
/// </summary>
public static class ObjectIds
{
    public static string New(TimeProvider time)
    {
        Span<byte> bytes = stackalloc byte[12];
        var seconds = (uint)time.GetUtcNow().ToUnixTimeSeconds();
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, seconds);
        RandomNumberGenerator.Fill(bytes[4..]);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool IsValid(string? value)
    {
        if (value is null || value.Length != 24)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
