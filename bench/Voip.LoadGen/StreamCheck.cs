namespace Voip.LoadGen;

/// <summary>
/// What one subscriber checks about one incoming stream (one SSRC): every packet decrypted and
/// authenticated (the peer did that), has the publisher's payload length and marker bytes, and the sequence
/// numbers run without gaps — so a forwarder that drops, truncates or garbles cannot look fast.
/// </summary>
internal sealed class StreamCheck(int publisher, bool viaFloor, int payloadLength, uint publisherSsrc)
{
    public int Publisher { get; } = publisher;

    public bool ViaFloor { get; } = viaFloor;

    public long Received;
    public long Gaps;
    public long Reordered;
    public long BadPayload;
    private bool _started;
    private ushort _highest;

    /// <summary>Checks one decrypted RTP packet of this stream (the caller matched its SSRC).</summary>
    public void Accept(ReadOnlySpan<byte> packet, int headerLength)
    {
        Received++;
        // The engine may rewrite header extensions, so the payload (not the whole packet) must be intact.
        if (packet.Length - headerLength != payloadLength || packet.Length < headerLength + RtpPacketBuilder.MarkerOffset + 4
            || System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet[(headerLength + RtpPacketBuilder.MarkerOffset)..]) != publisherSsrc)
        {
            BadPayload++;
        }

        ushort sequence = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (!_started)
        {
            _started = true;
            _highest = sequence;
            return;
        }

        ushort delta = (ushort)(sequence - _highest);
        if (delta is > 0 and < 32768)
        {
            Gaps += delta - 1;
            _highest = sequence;
        }
        else
        {
            Reordered++;
        }
    }
}
