using System.Buffers.Binary;

namespace Voip.Media.Tests.Srtp;

/// <summary>Builds plain RTP/RTCP packets (with varied CSRC lists and header extensions) for the SRTP tests.</summary>
internal static class TestPackets
{
    public static byte[] Rtp(uint ssrc, ushort seq, int payloadLength, Random rng, int csrcs = 0, int extensionWords = -1)
    {
        int extLength = extensionWords < 0 ? 0 : 4 + (extensionWords * 4);
        var packet = new byte[12 + (csrcs * 4) + extLength + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcs);
        packet[1] = (byte)rng.Next(0, 256);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)rng.Next());
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        rng.NextBytes(packet.AsSpan(12));
        if (extensionWords >= 0)
        {
            int at = 12 + (csrcs * 4);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
        }

        return packet;
    }

    public static byte[] RandomRtp(uint ssrc, ushort seq, Random rng) =>
        Rtp(ssrc, seq, rng.Next(0, 1300), rng, csrcs: rng.Next(0, 3) == 0 ? rng.Next(0, 16) : 0,
            extensionWords: rng.Next(0, 2) == 0 ? rng.Next(0, 6) : -1);

    /// <summary>A sender report followed by an SDES-like filler, <paramref name="bodyWords"/> 32-bit words after the header.</summary>
    public static byte[] Rtcp(uint ssrc, int bodyWords, Random rng)
    {
        var packet = new byte[8 + (bodyWords * 4)];
        packet[0] = 0x80;
        packet[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(1 + bodyWords));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        rng.NextBytes(packet.AsSpan(8));
        return packet;
    }

    /// <summary>Copies a packet into a buffer with room for the SRTP/SRTCP overhead.</summary>
    public static byte[] WithRoom(byte[] packet, int room = 64)
    {
        var buffer = new byte[packet.Length + room];
        packet.CopyTo(buffer, 0);
        return buffer;
    }
}
