using System.Buffers.Binary;

namespace Voip.Media.Stun;

/// <summary>
/// A validated, zero-copy view of one STUN message (RFC 8489 §5–§6) inside a datagram.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
///
/// Attribute (RFC 8489 §14), value padded to a multiple of 4 bytes:
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// TryParse walks the attributes once and remembers where the known ones are, so accessors are O(1).
/// For repeated attributes only the first counts (RFC 8489 §14). Attributes after MESSAGE-INTEGRITY other
/// than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are ignored (RFC 8489 §14.5); nothing may follow
/// FINGERPRINT (RFC 8489 §14.7). Padding bytes may hold any value and are ignored.
/// </remarks>
public readonly ref partial struct StunMessage
{
    public const int HeaderLength = 20;
    public const int TransactionIdLength = 12;
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Longest USERNAME accepted (RFC 8489 §14.3: fewer than 509 bytes; RFC 5389 allowed 512).</summary>
    public const int MaxUsernameLength = 512;

    // Offsets of the attribute *headers* of known attributes; 0 = absent (no attribute can start at 0).
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _username;
    private readonly int _integrity;
    private readonly int _fingerprint;
    private readonly int _xorMapped;
    private readonly int _priority;
    private readonly int _useCandidate;
    private readonly int _controlling;
    private readonly int _controlled;
    private readonly int _errorCode;
    private readonly int _unknownRequired;

    private StunMessage(
        ReadOnlySpan<byte> data,
        int username,
        int integrity,
        int fingerprint,
        int xorMapped,
        int priority,
        int useCandidate,
        int controlling,
        int controlled,
        int errorCode,
        int unknownRequired)
    {
        _data = data;
        _username = username;
        _integrity = integrity;
        _fingerprint = fingerprint;
        _xorMapped = xorMapped;
        _priority = priority;
        _useCandidate = useCandidate;
        _controlling = controlling;
        _controlled = controlled;
        _errorCode = errorCode;
        _unknownRequired = unknownRequired;
    }

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Total length in bytes including the 20-byte header.</summary>
    public int Length => _data.Length;

    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_data);

    public ushort Method => StunMessageType.GetMethod(MessageType);

    public StunClass Class => StunMessageType.GetClass(MessageType);

    public ReadOnlySpan<byte> TransactionId => _data.Slice(8, TransactionIdLength);

    /// <summary>
    /// RFC 7983 demultiplexing plus the magic cookie: first byte 0..3 and bytes 4..7 = 0x2112A442.
    /// Cheap enough to run on every datagram a shard receives.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength
        && datagram[0] <= 3
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>Validates the header and every attribute boundary. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message, out StunParseError error)
    {
        message = default;
        error = ValidateHeader(datagram);
        if (error != StunParseError.None)
        {
            return false;
        }

        int username = 0, integrity = 0, fingerprint = 0, xorMapped = 0, priority = 0, useCandidate = 0;
        int controlling = 0, controlled = 0, errorCode = 0, unknownRequired = 0;

        int offset = HeaderLength;
        while (offset < datagram.Length)
        {
            if (fingerprint != 0)
            {
                error = StunParseError.FingerprintNotLast;
                return false;
            }

            if (!TryReadAttributeBounds(datagram, offset, out ushort type, out int length, out int next))
            {
                error = StunParseError.AttributePastEnd;
                return false;
            }

            // After MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and FINGERPRINT count (RFC 8489 §14.5).
            bool ignored = integrity != 0 && type != StunAttributeType.Fingerprint
                && type != StunAttributeType.MessageIntegritySha256;
            if (!ignored)
            {
                if (!IsValidLength(type, length))
                {
                    error = StunParseError.BadAttributeLength;
                    return false;
                }

                switch (type)
                {
                    case StunAttributeType.Username: Remember(ref username, offset); break;
                    case StunAttributeType.MessageIntegrity: Remember(ref integrity, offset); break;
                    case StunAttributeType.Fingerprint: fingerprint = offset; break;
                    case StunAttributeType.XorMappedAddress: Remember(ref xorMapped, offset); break;
                    case StunAttributeType.Priority: Remember(ref priority, offset); break;
                    case StunAttributeType.UseCandidate: Remember(ref useCandidate, offset); break;
                    case StunAttributeType.IceControlling: Remember(ref controlling, offset); break;
                    case StunAttributeType.IceControlled: Remember(ref controlled, offset); break;
                    case StunAttributeType.ErrorCode: Remember(ref errorCode, offset); break;
                    default:
                        if (!StunAttributeType.IsUnderstood(type))
                        {
                            Remember(ref unknownRequired, offset);
                        }

                        break;
                }
            }

            offset = next;
        }

        message = new StunMessage(datagram, username, integrity, fingerprint, xorMapped, priority, useCandidate,
            controlling, controlled, errorCode, unknownRequired);
        return true;
    }

    private static StunParseError ValidateHeader(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < HeaderLength)
        {
            return StunParseError.TruncatedHeader;
        }

        if ((datagram[0] & 0xC0) != 0)
        {
            return StunParseError.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
        {
            return StunParseError.BadMagicCookie;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0)
        {
            return StunParseError.LengthNotMultipleOfFour;
        }

        int total = HeaderLength + length;
        if (total > datagram.Length)
        {
            return StunParseError.LengthPastEnd;
        }

        // Over UDP one datagram carries exactly one message (RFC 8489 §6.2.1).
        return total < datagram.Length ? StunParseError.TrailingBytes : StunParseError.None;
    }

    /// <summary>Reads the attribute header at <paramref name="offset"/> and checks value + padding fit.</summary>
    internal static bool TryReadAttributeBounds(ReadOnlySpan<byte> message, int offset, out ushort type, out int length, out int next)
    {
        type = 0;
        length = 0;
        next = 0;
        if (offset + 4 > message.Length)
        {
            return false;
        }

        type = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        next = offset + 4 + ((length + 3) & ~3);
        return next <= message.Length;
    }

    private static bool IsValidLength(ushort type, int length) => type switch
    {
        StunAttributeType.Username => length <= MaxUsernameLength,
        StunAttributeType.MessageIntegrity => length == StunIntegrityKey.MacLength,
        StunAttributeType.Fingerprint => length == 4,
        StunAttributeType.XorMappedAddress => length is 8 or 20,
        StunAttributeType.Priority => length == 4,
        StunAttributeType.UseCandidate => length == 0,
        StunAttributeType.IceControlling or StunAttributeType.IceControlled => length == 8,

        // 4 bytes of class/number, then a reason phrase of at most 763 bytes (RFC 8489 §14.8).
        StunAttributeType.ErrorCode => length is >= 4 and <= 4 + 763,
        StunAttributeType.UnknownAttributes => (length & 1) == 0,
        _ => true,
    };

    private static void Remember(ref int slot, int offset)
    {
        if (slot == 0)
        {
            slot = offset;
        }
    }

    private ReadOnlySpan<byte> ValueAt(int offset) =>
        _data.Slice(offset + 4, BinaryPrimitives.ReadUInt16BigEndian(_data[(offset + 2)..]));
}
