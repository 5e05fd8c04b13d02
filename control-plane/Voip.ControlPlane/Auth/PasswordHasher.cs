using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Voip.ControlPlane.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes stored as <c>pbkdf2-sha256$iterations$salt$hash</c> (base64), with a
/// 16-byte random salt per user. Verification uses the iteration count stored with the hash, so raising the
/// cost later keeps old hashes valid, and compares in constant time.
/// </summary>
public sealed class PasswordHasher(IOptions<PasswordHasherOptions> options)
{
    private const string Prefix = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MaxIterations = 10_000_000;

    private readonly Lazy<string> dummyHash = new(() => Hash(Guid.NewGuid().ToString(), options.Value.Iterations));

    public int Iterations => options.Value.Iterations;

    public string Hash(string password) => Hash(password, options.Value.Iterations);

    public static string Hash(string password, int iterations)
    {
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, iterations, HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > MaxIterations)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (expected.Length != HashBytes)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// Spends the same work as a real verification when the account does not exist, so response time does not
    /// tell an attacker which emails are registered.
    /// </summary>
    public void VerifyDummy(string password) => Verify(password, dummyHash.Value);
}
