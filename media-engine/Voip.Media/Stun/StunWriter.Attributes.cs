using System.Buffers.Binary;
using Voip.Media.Net;

namespace Voip.Media.Stun;

public ref partial struct StunWriter
{
    public bool TryAddUsername(ReadOnlySpan<byte> username) =>
        username.Length <= StunMessage.MaxUsernameLength && TryAddAttribute(StunAttributeType.Username, username);

    public bool TryAddPriority(uint priority)
    {
        if (!TryReserve(StunAttributeType.Priority, 4, out Span<byte> slot))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(slot, priority);
        return true;
    }

    public bool TryAddUseCandidate() => TryReserve(StunAttributeType.UseCandidate, 0, out _);

    public bool TryAddIceControlling(ulong tieBreaker) => TryAddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public bool TryAddIceControlled(ulong tieBreaker) => TryAddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>XOR-MAPPED-ADDRESS of <paramref name="endpoint"/> (RFC 8489 §14.2).</summary>
    public bool TryAddXorMappedAddress(in UdpEndpoint endpoint)
    {
        if (endpoint.IsNone)
        {
            return false;
        }

        int addressLength = endpoint.AddressLength;
        if (!TryReserve(StunAttributeType.XorMappedAddress, 4 + addressLength, out Span<byte> slot))
        {
            return false;
        }

        slot[0] = 0;
        slot[1] = endpoint.IsIPv4 ? (byte)0x01 : (byte)0x02;
        BinaryPrimitives.WriteUInt16BigEndian(slot[2..], (ushort)(endpoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));
        Span<byte> address = slot.Slice(4, addressLength);
        endpoint.WriteAddress(address);

        // Cookie ‖ transaction id sit at bytes 4..19 of our own header.
        ReadOnlySpan<byte> pad = _buffer.Slice(4, 16);
        for (int i = 0; i < addressLength; i++)
        {
            address[i] ^= pad[i];
        }

        return true;
    }

    /// <summary>ERROR-CODE (RFC 8489 §14.8): code 300–699, reason phrase in UTF-8 (at most 763 bytes).</summary>
    public bool TryAddErrorCode(int code, ReadOnlySpan<byte> reason)
    {
        if (code is < 300 or > 699 || reason.Length > 763
            || !TryReserve(StunAttributeType.ErrorCode, 4 + reason.Length, out Span<byte> slot))
        {
            return false;
        }

        slot[0] = 0;
        slot[1] = 0;
        slot[2] = (byte)(code / 100);
        slot[3] = (byte)(code % 100);
        reason.CopyTo(slot[4..]);
        return true;
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9): the 16-bit types a 420 response lists.</summary>
    public bool TryAddUnknownAttributes(ReadOnlySpan<ushort> types)
    {
        if (!TryReserve(StunAttributeType.UnknownAttributes, types.Length * 2, out Span<byte> slot))
        {
            return false;
        }

        for (int i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot[(i * 2)..], types[i]);
        }

        return true;
    }

    private bool TryAddUInt64(ushort type, ulong value)
    {
        if (!TryReserve(type, 8, out Span<byte> slot))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt64BigEndian(slot, value);
        return true;
    }
}
