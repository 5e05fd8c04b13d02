using System.Security.Cryptography;

namespace Voip.Media.Ice;

/// <summary>
/// Local ICE username fragment and password (RFC 8445 §5.3), drawn from a CSPRNG over the ice-char
/// alphabet (ALPHA / DIGIT / "+" / "/", RFC 8839 §5.4).
/// </summary>
public sealed class IceCredentials
{
    /// <summary>16 chars = 96 random bits: unique enough that a shard can find a transport by ufrag alone.</summary>
    public const int UfragLength = 16;

    /// <summary>32 chars = 192 random bits (RFC 8445 §5.3 asks for at least 128 bits and 22 chars).</summary>
    public const int PasswordLength = 32;

    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public IceCredentials(string ufrag, string password)
    {
        Ufrag = ufrag;
        Password = password;
    }

    public string Ufrag { get; }

    public string Password { get; }

    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, UfragLength), RandomNumberGenerator.GetString(IceChars, PasswordLength));

    /// <summary>True when every char is an ice-char and the length fits RFC 8839 (ufrag 4–256, pwd 22–256).</summary>
    public static bool IsValidUfrag(string ufrag) => ufrag.Length is >= 4 and <= 256 && IsIceChars(ufrag);

    public static bool IsValidPassword(string password) => password.Length is >= 22 and <= 256 && IsIceChars(password);

    private static bool IsIceChars(string value) => value.AsSpan().IndexOfAnyExcept(IceChars) < 0;
}
