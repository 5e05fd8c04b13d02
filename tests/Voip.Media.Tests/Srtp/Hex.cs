namespace Voip.Media.Tests.Srtp;

internal static class Hex
{
    /// <summary>Parses hex with any whitespace in it (vectors are copied in RFC layout).</summary>
    public static byte[] Parse(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
