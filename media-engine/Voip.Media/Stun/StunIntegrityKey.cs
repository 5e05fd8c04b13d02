using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using Voip.Media.Crypto;

namespace Voip.Media.Stun;

/// <summary>
/// A pre-keyed HMAC-SHA1 for MESSAGE-INTEGRITY (RFC 8489 §14.5), on the engine's shared
/// <see cref="HmacSha1Key"/>: keying once stores the SHA-1 states after the inner and outer pad blocks, so
/// each check does only the message's own compressions: no allocation, no native call. STUN messages are
/// short (well under a UDP MTU), so the managed SHA-1 is used throughout; unlike the platform HMAC it keeps no
/// per-call state, which lets one key be shared. Immutable after construction; Dispose wipes the key material.
/// </summary>
[SkipLocalsInit]
public sealed class StunIntegrityKey : IDisposable
{
    public const int MacLength = HmacSha1Key.MacLength;

    private HmacSha1Key _key;

    public StunIntegrityKey(ReadOnlySpan<byte> key) => _key = new HmacSha1Key(key);

    /// <summary>
    /// Short-term credential (RFC 8489 §9.1.1): the key is the OpaqueString-prepared password. ICE passwords
    /// are ice-chars (ASCII, RFC 8445 §5.3), which the profile leaves unchanged, so UTF-8 bytes suffice.
    /// </summary>
    public static StunIntegrityKey FromPassword(string password) => new(Encoding.UTF8.GetBytes(password));

    /// <summary>
    /// HMAC over <paramref name="prefix"/> (the message up to the MESSAGE-INTEGRITY attribute) with the
    /// header length field replaced by <paramref name="lengthField"/>, as RFC 8489 §14.5 requires. The
    /// message is hashed in place as <c>type || lengthField || rest</c>; nothing is copied or modified.
    /// </summary>
    internal void Compute(ReadOnlySpan<byte> prefix, ushort lengthField, Span<byte> mac)
    {
        if (prefix.Length < 4)
        {
            _key.Compute(prefix, mac); // no length field to patch (never the case for a parsed message)
            return;
        }

        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, lengthField);
        _key.Compute(prefix.Slice(0, 2), length, prefix.Slice(4), mac);
    }

    /// <summary>HMAC-SHA1 of contiguous data (used by the writer, whose header length is already final).</summary>
    internal void Compute(ReadOnlySpan<byte> data, Span<byte> mac) => _key.Compute(data, mac);

    public void Dispose() => _key.Clear();
}
