using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Voip.Media.Stun;

/// <summary>
/// Writes one STUN message into a caller's buffer: the header first, then attributes in call order,
/// then MESSAGE-INTEGRITY and FINGERPRINT (RFC 8489 §14.5, §14.7). The header length is kept current
/// after every attribute, so MESSAGE-INTEGRITY and FINGERPRINT are computed straight over the buffer.
/// </summary>
/// <remarks>
/// Every <c>TryAdd…</c> returns false and writes nothing when the buffer is too small or the message is
/// already sealed by FINGERPRINT; it never throws. <see cref="Length"/> is the number of bytes to send.
/// </remarks>
public ref partial struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _sealed;

    /// <summary>Starts a message. <see cref="IsValid"/> is false if the buffer cannot hold a header or the
    /// transaction id is not 12 bytes; then every append fails.</summary>
    public StunWriter(Span<byte> destination, ushort messageType, ReadOnlySpan<byte> transactionId)
    {
        _buffer = destination;
        _length = 0;
        _sealed = false;
        PaddingByte = 0;
        if (destination.Length < StunMessage.HeaderLength || transactionId.Length != StunMessage.TransactionIdLength
            || messageType > 0x3FFF)
        {
            _sealed = true;
            return;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, messageType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(destination[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Value written into padding bytes (0 by default; RFC 5769 vectors use 0x20).</summary>
    public byte PaddingByte { get; set; }

    /// <summary>Bytes written so far: the message to send once done.</summary>
    public readonly int Length => _length;

    public readonly bool IsValid => _length != 0;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends a generic attribute with padding.</summary>
    public bool TryAddAttribute(ushort type, ReadOnlySpan<byte> value)
    {
        if (!TryReserve(type, value.Length, out Span<byte> slot))
        {
            return false;
        }

        value.CopyTo(slot);
        return true;
    }

    /// <summary>
    /// MESSAGE-INTEGRITY with a pre-keyed HMAC: the header length is set to end after this attribute before
    /// hashing, exactly what a receiver will reconstruct (RFC 8489 §14.5).
    /// </summary>
    public bool TryAddMessageIntegrity(StunIntegrityKey key)
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.MessageIntegrity, StunIntegrityKey.MacLength, out Span<byte> slot))
        {
            return false;
        }

        key.Compute(_buffer[..start], slot);
        return true;
    }

    /// <summary>MESSAGE-INTEGRITY with a raw key (one-shot HMAC; for the control path and tests).</summary>
    public bool TryAddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.MessageIntegrity, StunIntegrityKey.MacLength, out Span<byte> slot))
        {
            return false;
        }

        HMACSHA1.HashData(key, _buffer[..start], slot);
        return true;
    }

    /// <summary>FINGERPRINT, which seals the message: nothing can be added after it (RFC 8489 §14.7).</summary>
    public bool TryAddFingerprint()
    {
        int start = _length;
        if (!TryReserve(StunAttributeType.Fingerprint, 4, out Span<byte> slot))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(slot, StunCrc32.Fingerprint(_buffer[..start]));
        _sealed = true;
        return true;
    }

    /// <summary>
    /// Writes the attribute header and padding, bumps the header length, and hands back the value slot.
    /// </summary>
    private bool TryReserve(ushort type, int valueLength, out Span<byte> value)
    {
        value = default;
        int padded = (valueLength + 3) & ~3;
        int end = _length + 4 + padded;
        if (_sealed || valueLength > ushort.MaxValue || end > _buffer.Length || end - StunMessage.HeaderLength > ushort.MaxValue)
        {
            return false;
        }

        Span<byte> attribute = _buffer[_length..end];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Fill(PaddingByte);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(end - StunMessage.HeaderLength));
        _length = end;
        value = attribute.Slice(4, valueLength);
        return true;
    }
}
