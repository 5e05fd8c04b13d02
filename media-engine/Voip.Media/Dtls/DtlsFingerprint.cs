using System.Security.Cryptography;

namespace Voip.Media.Dtls;

/// <summary>
/// A certificate fingerprint as carried by SDP (RFC 8122 §5):
/// <c>a=fingerprint:sha-256 AB:CD:…</c> — a hash function name and the upper-case, colon-separated hex of the
/// hash of the DER certificate. The value the peer's certificate is checked against after the handshake.
/// </summary>
public sealed class DtlsFingerprint
{
    private readonly byte[] _hash;

    private DtlsFingerprint(string algorithm, byte[] hash)
    {
        Algorithm = algorithm;
        _hash = hash;
    }

    /// <summary>Hash function name as written in SDP, lower case: <c>sha-1</c>, <c>sha-256</c>, <c>sha-384</c>, <c>sha-512</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The raw hash bytes.</summary>
    public ReadOnlySpan<byte> Hash => _hash;

    /// <summary>The hash as SDP writes it: upper-case hex bytes joined by colons.</summary>
    public string HexValue => FormatHex(_hash);

    /// <summary>Fingerprint of a DER-encoded certificate with the given hash function.</summary>
    public static DtlsFingerprint FromCertificate(ReadOnlySpan<byte> derCertificate, string algorithm = "sha-256")
    {
        string alg = algorithm.ToLowerInvariant();
        int length = HashLength(alg);
        if (length == 0)
            throw new ArgumentException($"Unsupported fingerprint hash function '{algorithm}'.", nameof(algorithm));
        byte[] hash = new byte[length];
        ComputeHash(alg, derCertificate, hash);
        return new DtlsFingerprint(alg, hash);
    }

    /// <summary>
    /// Parses an <c>a=fingerprint</c> value: <c>sha-256 AB:CD:…</c> (the <c>a=fingerprint:</c> prefix is
    /// tolerated). Hash names and hex digits are case-insensitive (RFC 8122 §5 grammar); the number of bytes
    /// must match the hash function.
    /// </summary>
    public static bool TryParse(string? value, out DtlsFingerprint fingerprint)
    {
        fingerprint = null!;
        if (value is null)
            return false;

        ReadOnlySpan<char> s = value.AsSpan().Trim();
        if (s.StartsWith("a=fingerprint:", StringComparison.OrdinalIgnoreCase))
            s = s["a=fingerprint:".Length..].TrimStart();

        int space = s.IndexOf(' ');
        if (space <= 0)
            return false;

        string alg = s[..space].ToString().ToLowerInvariant();
        int length = HashLength(alg);
        if (length == 0)
            return false;

        ReadOnlySpan<char> hex = s[(space + 1)..].Trim();
        // Exactly "XX" followed by (":XX") * (length - 1).
        if (hex.Length != length * 3 - 1)
            return false;

        byte[] hash = new byte[length];
        for (int i = 0; i < length; i++)
        {
            int at = i * 3;
            if (i > 0 && hex[at - 1] != ':')
                return false;
            int hi = HexDigit(hex[at]);
            int lo = HexDigit(hex[at + 1]);
            if ((hi | lo) < 0)
                return false;
            hash[i] = (byte)((hi << 4) | lo);
        }

        fingerprint = new DtlsFingerprint(alg, hash);
        return true;
    }

    /// <summary>
    /// True when <paramref name="derCertificate"/> hashes to this fingerprint. The comparison is constant-time so
    /// that timing reveals nothing about how much of a forged certificate's hash matched.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate)
    {
        Span<byte> actual = stackalloc byte[64];
        actual = actual[.._hash.Length];
        ComputeHash(Algorithm, derCertificate, actual);
        return CryptographicOperations.FixedTimeEquals(actual, _hash);
    }

    /// <summary>The SDP attribute value: <c>sha-256 AB:CD:…</c>.</summary>
    public override string ToString() => Algorithm + " " + HexValue;

    internal static string FormatHex(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return string.Empty;
        const string digits = "0123456789ABCDEF";
        Span<char> chars = bytes.Length <= 128 ? stackalloc char[bytes.Length * 3 - 1] : new char[bytes.Length * 3 - 1];
        for (int i = 0; i < bytes.Length; i++)
        {
            int at = i * 3;
            if (i > 0)
                chars[at - 1] = ':';
            chars[at] = digits[bytes[i] >> 4];
            chars[at + 1] = digits[bytes[i] & 0xF];
        }
        return new string(chars);
    }

    private static int HashLength(string alg) => alg switch
    {
        "sha-1" => 20,
        "sha-256" => 32,
        "sha-384" => 48,
        "sha-512" => 64,
        _ => 0,
    };

    private static void ComputeHash(string alg, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        int written = alg switch
        {
            "sha-1" => SHA1.HashData(data, destination),
            "sha-256" => SHA256.HashData(data, destination),
            "sha-384" => SHA384.HashData(data, destination),
            "sha-512" => SHA512.HashData(data, destination),
            _ => throw new InvalidOperationException("Unsupported hash function."),
        };
        if (written != destination.Length)
            throw new InvalidOperationException("Unexpected hash length.");
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
