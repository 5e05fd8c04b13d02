namespace Voip.Media.Rtp.Codecs;

/// <summary>
/// The leading fields of the VP9 RTP payload descriptor (RFC 9628 §4.2), enough for key-frame
/// detection and layer selection.
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |I|P|L|F|B|E|V|Z| (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PICTURE ID  | (M=1: 15-bit picture id over two bytes)
///      +-+-+-+-+-+-+-+-+
/// M:   | EXTENDED PID  |
///      +-+-+-+-+-+-+-+-+
/// L:   |  TID  |U| SID |D| (layer indices; followed by TL0PICIDX when F=0)
///      +-+-+-+-+-+-+-+-+
/// </code>
/// P = inter-picture predicted, B = start of a frame. A key frame starts where B=1, P=0 and the
/// spatial layer is the base one (SID=0).
/// </summary>
public readonly ref struct Vp9PayloadDescriptor
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly int _pictureIdOffset;
    private readonly int _layerOffset;

    private Vp9PayloadDescriptor(ReadOnlySpan<byte> payload, int pictureIdOffset, int layerOffset)
    {
        _payload = payload;
        _pictureIdOffset = pictureIdOffset;
        _layerOffset = layerOffset;
    }

    public bool HasPictureId => (_payload[0] & 0x80) != 0;

    public bool InterPicturePredicted => (_payload[0] & 0x40) != 0;

    public bool HasLayerIndices => (_payload[0] & 0x20) != 0;

    public bool FlexibleMode => (_payload[0] & 0x10) != 0;

    public bool StartOfFrame => (_payload[0] & 0x08) != 0;

    public bool EndOfFrame => (_payload[0] & 0x04) != 0;

    public bool HasScalabilityStructure => (_payload[0] & 0x02) != 0;

    public int PictureId => _pictureIdOffset < 0 ? -1
        : (_payload[_pictureIdOffset] & 0x80) != 0 ? ((_payload[_pictureIdOffset] & 0x7F) << 8) | _payload[_pictureIdOffset + 1]
        : _payload[_pictureIdOffset] & 0x7F;

    public int TemporalId => _layerOffset < 0 ? 0 : _payload[_layerOffset] >> 5;

    public int SpatialId => _layerOffset < 0 ? 0 : (_payload[_layerOffset] >> 1) & 0x07;

    public bool IsKeyFrame => StartOfFrame && !InterPicturePredicted && SpatialId == 0;

    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp9PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        int offset = 1;
        int pictureId = -1;
        int layer = -1;
        if ((payload[0] & 0x80) != 0)
        {
            if (offset >= payload.Length)
            {
                return false;
            }

            pictureId = offset;
            offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
        }

        if ((payload[0] & 0x20) != 0)
        {
            layer = offset++;
        }

        if (offset > payload.Length)
        {
            return false;
        }

        descriptor = new Vp9PayloadDescriptor(payload, pictureId, layer);
        return true;
    }
}
