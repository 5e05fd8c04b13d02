using System.Buffers.Binary;
using System.Diagnostics;

namespace Voip.LoadGen;

/// <summary>
/// Builds the publishers' plain RTP packets. Video: VP8 (payload type 96, 90 kHz) with one one-byte
/// header extension, abs-send-time (id 3, RFC 8285 §4.2), as browsers send it; every frame is 10 packets and
/// starts with a VP8 key-frame header (RFC 7741 §4.3), so a consumer can start on any frame. Audio: Opus
/// (payload type 111, 48 kHz, 20 ms frames), no extensions. The publisher's SSRC sits at a fixed payload
/// offset so subscribers can check every packet's origin and content after decryption.
/// </summary>
internal static class RtpPacketBuilder
{
    public const byte VideoPayloadType = 96;
    public const byte AudioPayloadType = 111;
    public const byte AbsSendTimeId = 3;
    public const int VideoHeaderLength = 12 + 8;
    public const int AudioHeaderLength = 12;
    public const int FramePackets = 10;

    /// <summary>Where in the payload the publisher's SSRC is written (after the VP8 descriptor and key-frame header).</summary>
    public const int MarkerOffset = 12;

    public static int HeaderLength(bool video) => video ? VideoHeaderLength : AudioHeaderLength;

    /// <summary>Writes packet number <paramref name="index"/> (0-based) of a stream; returns its length.</summary>
    public static int Write(Span<byte> destination, bool video, uint ssrc, long index, int payloadLength)
    {
        ushort sequence = (ushort)index;
        int header = HeaderLength(video);
        bool frameStart = !video || index % FramePackets == 0;
        bool frameEnd = !video || index % FramePackets == FramePackets - 1;
        uint timestamp = video ? (uint)(index / FramePackets * 3000) : (uint)(index * 960);

        destination[0] = video ? (byte)0x90 : (byte)0x80; // V=2, X for video
        destination[1] = (byte)((frameEnd ? 0x80 : 0) | (video ? VideoPayloadType : AudioPayloadType));
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);
        if (video)
        {
            // RFC 8285 one-byte form: 0xBEDE, length 1 word; element id 3, len-1 = 2, 24-bit abs-send-time (6.18 s fixed point).
            destination[12] = 0xBE;
            destination[13] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(destination[14..], 1);
            destination[16] = (AbsSendTimeId << 4) | 2;
            ulong ticks = (ulong)Stopwatch.GetTimestamp();
            uint absSendTime = (uint)((ticks << 18) / (ulong)Stopwatch.Frequency) & 0xFFFFFF;
            destination[17] = (byte)(absSendTime >> 16);
            destination[18] = (byte)(absSendTime >> 8);
            destination[19] = (byte)absSendTime;
        }

        Span<byte> payload = destination.Slice(header, payloadLength);
        payload.Fill((byte)index);
        if (video)
        {
            // VP8 payload descriptor: S=1 and partition 0 on a frame's first packet; then a key-frame tag
            // (P=0), the start code 9d 01 2a and 640x360.
            payload[0] = frameStart ? (byte)0x10 : (byte)0x00;
            if (frameStart)
            {
                payload[1] = 0x50;
                payload[2] = 0x00;
                payload[3] = 0x00;
                payload[4] = 0x9D;
                payload[5] = 0x01;
                payload[6] = 0x2A;
                BinaryPrimitives.WriteUInt16LittleEndian(payload[7..], 640);
                BinaryPrimitives.WriteUInt16LittleEndian(payload[9..], 360);
            }
        }
        else
        {
            payload[0] = 0x78; // an Opus TOC byte (SILK/CELT hybrid, 20 ms), informative only
        }

        BinaryPrimitives.WriteUInt32BigEndian(payload[MarkerOffset..], ssrc);
        return header + payloadLength;
    }
}
