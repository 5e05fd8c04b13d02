using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Voip.Media.Stun;

/// <summary>
/// A pre-keyed, reusable HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5). Keying once and reusing the
/// context keeps each check free of allocation and of key-schedule work. Not thread-safe: one owner
/// (a shard thread) uses it at a time.
/// </summary>
public sealed class StunIntegrityKey : IDisposable
{
    public const int MacLength = 20;

    private readonly IncrementalHash _hmac;

    public StunIntegrityKey(ReadOnlySpan<byte> key) => _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    /// <summary>
    /// Short-term credential (RFC 8489 §9.1.1): the key is the OpaqueString-prepared password. ICE passwords
    /// are ice-chars (ASCII, RFC 8445 §5.3), which the profile leaves unchanged, so UTF-8 bytes suffice.
    /// </summary>
    public static StunIntegrityKey FromPassword(string password) => new(Encoding.UTF8.GetBytes(password));

    /// <summary>
    /// HMAC over <paramref name="prefix"/> (the message up to the MESSAGE-INTEGRITY attribute) with the
    /// header length field replaced by <paramref name="lengthField"/>, as RFC 8489 §14.5 requires.
    /// </summary>
    internal void Compute(ReadOnlySpan<byte> prefix, ushort lengthField, Span<byte> mac)
    {
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, lengthField);
        _hmac.AppendData(prefix[..2]);
        _hmac.AppendData(length);
        _hmac.AppendData(prefix[4..]);
        _hmac.GetHashAndReset(mac);
    }

    /// <summary>HMAC-SHA1 of contiguous data (used by the writer, whose header length is already final).</summary>
    internal void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(mac);
    }

    public void Dispose() => _hmac.Dispose();
}
