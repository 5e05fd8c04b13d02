namespace Voip.Media.Rtp.Codecs;

/// <summary>
/// VP8 RTP payload descriptor (RFC 7741 §4.2) and the first byte of the VP8 payload header (§4.3),
/// enough for simulcast switching (picture id, TL0PICIDX, temporal layer) and key-frame detection.
/// <code>
///       0 1 2 3 4 5 6 7
///      +-+-+-+-+-+-+-+-+
///      |X|R|N|S|R| PID | (REQUIRED)
///      +-+-+-+-+-+-+-+-+
/// X:   |I|L|T|K| RSV   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// I:   |M| PictureID   | (OPTIONAL; M=1: 15-bit picture id over two bytes)
///      +-+-+-+-+-+-+-+-+
///      |   PictureID   |
///      +-+-+-+-+-+-+-+-+
/// L:   |   TL0PICIDX   | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// T/K: |TID|Y| KEYIDX  | (OPTIONAL)
///      +-+-+-+-+-+-+-+-+
/// payload header (§4.3, first partition's first packet):
///      |Size0|H| VER |P|   P = 0 for a key frame (inverse key frame flag)
/// </code>
/// </summary>
public readonly ref struct Vp8PayloadDescriptor
{
    private readonly ReadOnlySpan<byte> _payload;

    private Vp8PayloadDescriptor(ReadOnlySpan<byte> payload, int length, int pictureIdOffset, int tl0Offset, int tidOffset)
    {
        _payload = payload;
        Length = length;
        PictureIdOffset = pictureIdOffset;
        Tl0PicIdxOffset = tl0Offset;
        TidKeyIdxOffset = tidOffset;
    }

    /// <summary>Descriptor length in bytes; the VP8 payload starts here.</summary>
    public int Length { get; }

    /// <summary>Offsets of the optional fields in the RTP payload (−1 when absent), for in-place rewriting.</summary>
    public int PictureIdOffset { get; }

    public int Tl0PicIdxOffset { get; }

    public int TidKeyIdxOffset { get; }

    public bool HasExtension => (_payload[0] & 0x80) != 0;

    public bool NonReference => (_payload[0] & 0x20) != 0;

    public bool StartOfPartition => (_payload[0] & 0x10) != 0;

    public int PartitionIndex => _payload[0] & 0x07;

    public bool HasPictureId => PictureIdOffset >= 0;

    /// <summary>Whether the picture id uses 15 bits (M=1).</summary>
    public bool HasLongPictureId => HasPictureId && (_payload[PictureIdOffset] & 0x80) != 0;

    /// <summary>7- or 15-bit picture id, or −1 when absent.</summary>
    public int PictureId => !HasPictureId ? -1
        : HasLongPictureId ? ((_payload[PictureIdOffset] & 0x7F) << 8) | _payload[PictureIdOffset + 1]
        : _payload[PictureIdOffset] & 0x7F;

    /// <summary>TL0PICIDX, or −1 when absent.</summary>
    public int Tl0PicIdx => Tl0PicIdxOffset >= 0 ? _payload[Tl0PicIdxOffset] : -1;

    public bool HasTemporalId => TidKeyIdxOffset >= 0 && (_payload[1] & 0x20) != 0;

    /// <summary>Temporal layer index, or 0 when T is not set (the base layer).</summary>
    public int TemporalId => HasTemporalId ? _payload[TidKeyIdxOffset] >> 6 : 0;

    public bool LayerSync => HasTemporalId && (_payload[TidKeyIdxOffset] & 0x20) != 0;

    /// <summary>KEYIDX, or −1 when K is not set.</summary>
    public int KeyIndex => TidKeyIdxOffset >= 0 && (_payload[1] & 0x10) != 0 ? _payload[TidKeyIdxOffset] & 0x1F : -1;

    /// <summary>The VP8 payload after the descriptor.</summary>
    public ReadOnlySpan<byte> Payload => _payload.Slice(Length);

    /// <summary>
    /// A key frame starts in this packet: start of partition 0 (S=1, PID=0) and the payload header's
    /// inverse key-frame bit P is 0 (RFC 7741 §4.3).
    /// </summary>
    public bool IsKeyFrame => StartOfPartition && PartitionIndex == 0 && _payload.Length > Length && (_payload[Length] & 0x01) == 0;

    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        int offset = 1;
        int pictureId = -1;
        int tl0 = -1;
        int tid = -1;
        if ((payload[0] & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            byte x = payload[1];
            offset = 2;
            if ((x & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                pictureId = offset;
                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }

            if ((x & 0x40) != 0)
            {
                tl0 = offset++;
            }

            if ((x & 0x30) != 0)
            {
                tid = offset++;
            }

            if (offset > payload.Length)
            {
                return false;
            }
        }

        descriptor = new Vp8PayloadDescriptor(payload, offset, pictureId, tl0, tid);
        return true;
    }
}
