using System.Buffers.Binary;
using Voip.Media.Net;

namespace Voip.Media.Stun;

public readonly ref partial struct StunMessage
{
    public bool HasUsername => _username != 0;

    /// <summary>USERNAME value (UTF-8), empty when absent (RFC 8489 §14.3).</summary>
    public ReadOnlySpan<byte> Username => _username != 0 ? ValueAt(_username) : default;

    public bool HasMessageIntegrity => _integrity != 0;

    public bool HasFingerprint => _fingerprint != 0;

    /// <summary>USE-CANDIDATE present: the controlling agent nominates this pair (RFC 8445 §7.1.2).</summary>
    public bool HasUseCandidate => _useCandidate != 0;

    public bool HasIceControlling => _controlling != 0;

    public bool HasIceControlled => _controlled != 0;

    /// <summary>
    /// True when a comprehension-required attribute this implementation does not understand is present
    /// (before MESSAGE-INTEGRITY). Requests like that get a 420 (RFC 8489 §6.3.1).
    /// </summary>
    public bool HasUnknownComprehensionRequired => _unknownRequired != 0;

    public bool TryGetPriority(out uint priority)
    {
        priority = _priority != 0 ? BinaryPrimitives.ReadUInt32BigEndian(ValueAt(_priority)) : 0;
        return _priority != 0;
    }

    public bool TryGetIceControlling(out ulong tieBreaker)
    {
        tieBreaker = _controlling != 0 ? BinaryPrimitives.ReadUInt64BigEndian(ValueAt(_controlling)) : 0;
        return _controlling != 0;
    }

    public bool TryGetIceControlled(out ulong tieBreaker)
    {
        tieBreaker = _controlled != 0 ? BinaryPrimitives.ReadUInt64BigEndian(ValueAt(_controlled)) : 0;
        return _controlled != 0;
    }

    /// <summary>
    /// ERROR-CODE (RFC 8489 §14.8): code = class * 100 + number; reason is the UTF-8 phrase. False if absent
    /// or the class/number are out of range (class 3–6, number 0–99).
    /// </summary>
    /// <remarks>
    /// <code>
    /// |           Reserved, should be 0         |Class|     Number    |
    /// |      Reason Phrase (variable)                                ..
    /// </code>
    /// </remarks>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        code = 0;
        reason = default;
        if (_errorCode == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> value = ValueAt(_errorCode);
        int cls = value[2] & 0x07;
        int number = value[3];
        if (cls is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (cls * 100) + number;
        reason = value[4..];
        return true;
    }

    /// <summary>
    /// XOR-MAPPED-ADDRESS (RFC 8489 §14.2): port XOR the cookie's top 16 bits, IPv4 address XOR the cookie,
    /// IPv6 address XOR cookie ‖ transaction id. False if absent or the family/length do not agree.
    /// </summary>
    /// <remarks>
    /// <code>
    /// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
    /// |                X-Address (32 bits or 128 bits)                |
    /// </code>
    /// </remarks>
    public bool TryGetXorMappedAddress(out UdpEndpoint endpoint)
    {
        endpoint = default;
        if (_xorMapped == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> value = ValueAt(_xorMapped);
        byte family = value[1];
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(MagicCookie >> 16);

        // Bytes 4..19 of the header are the cookie followed by the transaction id: the XOR pad.
        ReadOnlySpan<byte> pad = _data.Slice(4, 16);
        Span<byte> address = stackalloc byte[16];
        if (family == 0x01 && value.Length == 8)
        {
            for (int i = 0; i < 4; i++)
            {
                address[i] = (byte)(value[4 + i] ^ pad[i]);
            }

            endpoint = UdpEndpoint.FromIPv4(address, port);
            return true;
        }

        if (family == 0x02 && value.Length == 20)
        {
            for (int i = 0; i < 16; i++)
            {
                address[i] = (byte)(value[4 + i] ^ pad[i]);
            }

            endpoint = UdpEndpoint.FromIPv6(address, port);
            return true;
        }

        return false;
    }

    /// <summary>First attribute of <paramref name="type"/> anywhere in the message (a linear scan).</summary>
    public bool TryGetAttribute(ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (StunAttribute attribute in GetAttributes())
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Every attribute in wire order (bounds were validated by TryParse).</summary>
    public StunAttributeEnumerator GetAttributes() => new(_data);
}
