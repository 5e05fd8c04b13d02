namespace Voip.Media.Rtp;

/// <summary>
/// Walks the elements of a one-byte (RFC 8285 §4.2) or two-byte (§4.3) header extension block.
/// <code>
/// one-byte form, profile 0xBEDE; data is L+1 bytes (1..16):
///  0 1 2 3 4 5 6 7
/// +-+-+-+-+-+-+-+-+
/// |  ID   |  len  |   ID 0 = one padding byte; ID 15 = stop processing (§4.2)
/// +-+-+-+-+-+-+-+-+
/// two-byte form, profile 0x100 + 4 app bits; data is L bytes (0..255):
///  0                   1
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |       ID      |     length    |   ID 0 = one padding byte
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// A malformed element ends the walk with <see cref="Result"/> set; elements before it were valid.
/// </summary>
public ref struct RtpExtensionReader
{
    private readonly ReadOnlySpan<byte> _body;
    private readonly bool _twoByte;
    private int _offset;

    public RtpExtensionReader(ReadOnlySpan<byte> body, bool twoByte)
    {
        _body = body;
        _twoByte = twoByte;
        _offset = 0;
        Result = RtpExtensionResult.Ok;
    }

    /// <summary>A reader over a parsed header's extension; an unknown profile yields no elements and <see cref="RtpExtensionResult.UnknownProfile"/>.</summary>
    public RtpExtensionReader(RtpHeader header)
    {
        _twoByte = header.IsTwoByteExtension;
        _offset = 0;
        Result = RtpExtensionResult.Ok;
        if (header.IsOneByteExtension || _twoByte)
        {
            _body = header.ExtensionBody;
        }
        else
        {
            _body = default;
            if (header.Extension)
            {
                Result = RtpExtensionResult.UnknownProfile;
            }
        }
    }

    public RtpExtensionResult Result { get; private set; }

    public readonly bool IsTwoByte => _twoByte;

    /// <summary>Offset of the element most recently returned (its header byte) within the block.</summary>
    public int ElementOffset { get; private set; }

    public bool TryRead(out RtpExtension extension)
    {
        extension = default;
        ReadOnlySpan<byte> body = _body;
        while (_offset < body.Length)
        {
            byte b = body[_offset];
            if (b == 0)
            {
                _offset++;
                continue;
            }

            int id;
            int length;
            int headerSize;
            if (_twoByte)
            {
                if (_offset + 2 > body.Length)
                {
                    return Fail();
                }

                id = b;
                length = body[_offset + 1];
                headerSize = 2;
            }
            else
            {
                id = b >> 4;
                if (id == 15)
                {
                    _offset = body.Length;
                    return false;
                }

                length = (b & 0x0F) + 1;
                headerSize = 1;
            }

            int dataOffset = _offset + headerSize;
            if (dataOffset + length > body.Length)
            {
                return Fail();
            }

            ElementOffset = _offset;
            extension = new RtpExtension((byte)id, body.Slice(dataOffset, length));
            _offset = dataOffset + length;
            return true;
        }

        return false;
    }

    /// <summary>Finds the first element with <paramref name="id"/>.</summary>
    public static bool TryFind(RtpHeader header, byte id, out ReadOnlySpan<byte> data)
    {
        var reader = new RtpExtensionReader(header);
        while (reader.TryRead(out RtpExtension e))
        {
            if (e.Id == id)
            {
                data = e.Data;
                return true;
            }
        }

        data = default;
        return false;
    }

    private bool Fail()
    {
        Result = RtpExtensionResult.Truncated;
        _offset = _body.Length;
        return false;
    }
}
