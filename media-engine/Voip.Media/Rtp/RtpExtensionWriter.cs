using System.Buffers.Binary;

namespace Voip.Media.Rtp;

/// <summary>
/// Builds a header extension block — the 4-byte preamble (profile, length in words) and the elements —
/// into a caller's span (RFC 8285 §4). Use one-byte form unless an id is above 14 or data is empty or
/// longer than 16 bytes (§4.2); <see cref="TryFinish"/> zero-pads to a word boundary.
/// </summary>
public ref struct RtpExtensionWriter
{
    private readonly Span<byte> _destination;
    private readonly bool _twoByte;
    private int _offset;

    public RtpExtensionWriter(Span<byte> destination, bool twoByte)
    {
        _destination = destination;
        _twoByte = twoByte;
        _offset = 4;
    }

    public readonly bool IsTwoByte => _twoByte;

    /// <summary>Elements written so far, in bytes (preamble excluded).</summary>
    public readonly int BodyLength => _offset - 4;

    /// <summary>Bytes an element takes in the given form.</summary>
    public static int GetElementSize(int dataLength, bool twoByte) => (twoByte ? 2 : 1) + dataLength;

    /// <summary>Whether an element fits the one-byte form (§4.2: id 1..14, 1..16 bytes of data).</summary>
    public static bool FitsOneByte(int id, int dataLength) => id is >= 1 and <= 14 && dataLength is >= 1 and <= 16;

    public bool TryAdd(byte id, ReadOnlySpan<byte> data)
    {
        if (id == 0 || (_twoByte ? data.Length > 255 : !FitsOneByte(id, data.Length)))
        {
            return false;
        }

        int size = GetElementSize(data.Length, _twoByte);
        if (_offset + size > _destination.Length)
        {
            return false;
        }

        if (_twoByte)
        {
            _destination[_offset] = id;
            _destination[_offset + 1] = (byte)data.Length;
            data.CopyTo(_destination.Slice(_offset + 2));
        }
        else
        {
            _destination[_offset] = (byte)((id << 4) | (data.Length - 1));
            data.CopyTo(_destination.Slice(_offset + 1));
        }

        _offset += size;
        return true;
    }

    /// <summary>Writes the preamble and the padding. <paramref name="written"/> counts the preamble.</summary>
    public readonly bool TryFinish(out int written)
    {
        written = 0;
        int end = (_offset + 3) & ~3;
        if (end > _destination.Length)
        {
            return false;
        }

        _destination.Slice(_offset, end - _offset).Clear();
        BinaryPrimitives.WriteUInt16BigEndian(_destination, _twoByte ? RtpHeader.TwoByteExtensionProfile : RtpHeader.OneByteExtensionProfile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(2), (ushort)((end - 4) / 4));
        written = end;
        return true;
    }
}
