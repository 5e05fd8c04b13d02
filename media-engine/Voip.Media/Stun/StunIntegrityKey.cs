using System.Security.Cryptography;
using System.Text;

namespace Voip.Media.Stun;

/// <summary>
/// A pre-keyed HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5). Keying once stores the SHA-1 states after
/// the inner and outer pad blocks, so each check does only the message's own compressions: no allocation,
/// no native call. Immutable after construction, so it may be shared; Dispose wipes the key material.
/// </summary>
public sealed class StunIntegrityKey : IDisposable
{
    public const int MacLength = 20;

    private readonly uint[] _midstates = new uint[StunHmacSha1.MidstateWords];

    public StunIntegrityKey(ReadOnlySpan<byte> key) => StunHmacSha1.Key(key, _midstates);

    /// <summary>
    /// Short-term credential (RFC 8489 §9.1.1): the key is the OpaqueString-prepared password. ICE passwords
    /// are ice-chars (ASCII, RFC 8445 §5.3), which the profile leaves unchanged, so UTF-8 bytes suffice.
    /// </summary>
    public static StunIntegrityKey FromPassword(string password) => new(Encoding.UTF8.GetBytes(password));

    /// <summary>
    /// HMAC over <paramref name="prefix"/> (the message up to the MESSAGE-INTEGRITY attribute) with the
    /// header length field replaced by <paramref name="lengthField"/>, as RFC 8489 §14.5 requires.
    /// </summary>
    internal void Compute(ReadOnlySpan<byte> prefix, ushort lengthField, Span<byte> mac) =>
        StunHmacSha1.Compute(_midstates, prefix, patchLength: true, lengthField, mac);

    /// <summary>HMAC-SHA1 of contiguous data (used by the writer, whose header length is already final).</summary>
    internal void Compute(ReadOnlySpan<byte> data, Span<byte> mac) =>
        StunHmacSha1.Compute(_midstates, data, patchLength: false, 0, mac);

    public void Dispose() => CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_midstates.AsSpan()));
}
