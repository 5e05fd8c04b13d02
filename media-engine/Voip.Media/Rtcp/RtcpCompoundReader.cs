namespace Voip.Media.Rtcp;

/// <summary>
/// Walks the packets of a compound RTCP packet (RFC 3550 §6.1) after SRTCP has removed its trailer.
/// Each step validates one packet's header (<see cref="RtcpPacket.TryParse"/>); the first malformed
/// packet stops the walk and leaves the reason in <see cref="Result"/>. Packets before it stay usable,
/// which is how RFC 3550 A.2's "discard the compound" differs from what an SFU wants (keep the SR it got).
/// Padding is accepted on any member, not only the last: libwebrtc pads TWCC feedback that way.
/// <example><code>
/// var reader = new RtcpCompoundReader(buffer);
/// while (reader.TryRead(out RtcpPacket p)) { switch (p.PacketType) { ... } }
/// if (reader.Result != RtcpParseResult.Ok) counters.Malformed++;
/// </code></example>
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;
    private bool _stopped;

    public RtcpCompoundReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _offset = 0;
        _stopped = buffer.IsEmpty;
        PacketCount = 0;
        Result = buffer.IsEmpty ? RtcpParseResult.TooShort : RtcpParseResult.Ok;
    }

    /// <summary><see cref="RtcpParseResult.Ok"/> while walking and after a clean end; the error otherwise.</summary>
    public RtcpParseResult Result { get; private set; }

    /// <summary>Offset of the next packet in the buffer (of the malformed one after a failure).</summary>
    public readonly int Offset => _offset;

    /// <summary>Packets read so far.</summary>
    public int PacketCount { get; private set; }

    public bool TryRead(out RtcpPacket packet)
    {
        if (_stopped || _offset >= _buffer.Length)
        {
            packet = default;
            return false;
        }

        RtcpParseResult r = RtcpPacket.TryParse(_buffer.Slice(_offset), out packet, out int length);
        if (r != RtcpParseResult.Ok)
        {
            Result = r;
            _stopped = true;
            return false;
        }

        _offset += length;
        PacketCount++;
        return true;
    }
}
