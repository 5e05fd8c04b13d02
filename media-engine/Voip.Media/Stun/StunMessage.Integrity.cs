using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Voip.Media.Stun;

public readonly ref partial struct StunMessage
{
    /// <summary>
    /// Checks MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the
    /// header length field adjusted to end right after MESSAGE-INTEGRITY (so a FINGERPRINT after it is not
    /// covered). Constant-time compare. False when the attribute is absent.
    /// </summary>
    public bool VerifyMessageIntegrity(StunIntegrityKey key)
    {
        if (_integrity == 0)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunIntegrityKey.MacLength];
        key.Compute(_data[.._integrity], (ushort)(_integrity - HeaderLength + 4 + StunIntegrityKey.MacLength), mac);
        return CryptographicOperations.FixedTimeEquals(mac, _data.Slice(_integrity + 4, StunIntegrityKey.MacLength));
    }

    /// <summary>Convenience overload for the control path and tests: keys a fresh HMAC (allocates).</summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        using var integrityKey = new StunIntegrityKey(key);
        return VerifyMessageIntegrity(integrityKey);
    }

    /// <summary>
    /// Checks FINGERPRINT (RFC 8489 §14.7): CRC-32 of the message before it, XOR 0x5354554E. The header length
    /// already includes FINGERPRINT, which is always last. False when the attribute is absent.
    /// </summary>
    public bool VerifyFingerprint()
    {
        if (_fingerprint == 0)
        {
            return false;
        }

        uint expected = BinaryPrimitives.ReadUInt32BigEndian(_data[(_fingerprint + 4)..]);
        return StunCrc32.Fingerprint(_data[.._fingerprint]) == expected;
    }
}
