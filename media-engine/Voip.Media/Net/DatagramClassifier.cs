namespace Voip.Media.Net;

/// <summary>What a datagram on a shard's port is, by its first byte (RFC 7983 §7) and, for RTP vs
/// RTCP on a muxed port, its second byte (RFC 5761 §4).</summary>
public enum DatagramKind : byte
{
    Unknown = 0,
    Stun,
    Dtls,
    Rtp,
    Rtcp,
}

public static class DatagramClassifier
{
    public static DatagramKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 2)
        {
            return DatagramKind.Unknown;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            return DatagramKind.Stun;
        }

        if (first is >= 20 and <= 63)
        {
            return DatagramKind.Dtls;
        }

        if (first is >= 128 and <= 191)
        {
            // RTCP packet types 192..223 (SR=200 ... XR=207 and friends) occupy PT 64..95 once the
            // marker bit is masked off; RTP payload types stay out of that range on a muxed port.
            int pt = datagram[1] & 0x7F;
            return pt is >= 64 and <= 95 ? DatagramKind.Rtcp : DatagramKind.Rtp;
        }

        return DatagramKind.Unknown;
    }
}
