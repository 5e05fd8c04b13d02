using System.Buffers.Binary;
using Voip.Media.Rtp;

namespace Voip.Media.Routing;

public sealed partial class Producer
{
    /// <summary>Longest header (fixed + CSRCs + extensions) we forward; longer ones are dropped and counted.</summary>
    internal const int MaxForwardedHeaderLength = 256;

    public long PacketsDropped;

    /// <summary>
    /// Shard thread, per packet: a decrypted packet of one of our streams (RTX already identified by its
    /// SSRC). Counts it, unwraps RTX, detects key frames, then hands it to each consumer — restoring the
    /// original header between consumers, since each rewrites it in place. <paramref name="header"/> is
    /// <paramref name="packet"/>'s, parsed once by the transport.
    /// </summary>
    internal void OnRtp(ProducerStream stream, bool isRtx, Span<byte> packet, RtpHeader header, long nowMs, long nowUs)
    {
        if (isRtx)
        {
            if (!TryUnwrapRtx(stream, ref packet, header))
            {
                return;
            }

            if (!RtpHeader.TryParse(packet, out header))
            {
                PacketsDropped++;
                return;
            }

            stream.RetransmittedPacketsReceived++;
        }

        var codec = GetCodec(header.PayloadType);
        int headerLength = header.HeaderLength;
        if (codec is null || codec.IsRtx || headerLength > MaxForwardedHeaderLength)
        {
            PacketsDropped++;
            return;
        }

        int paddingLength = header.Padding ? packet[^1] : 0;
        if (headerLength + paddingLength > packet.Length)
        {
            PacketsDropped++;
            return;
        }

        ReadOnlySpan<byte> payload = packet[headerLength..^paddingLength];
        if (!isRtx)
        {
            stream.Stats.OnPacket(header.SequenceNumber, header.Timestamp, nowUs);
        }

        stream.Packets++;
        stream.Bytes += packet.Length;
        stream.LastPacketMs = nowMs;
        stream.Bitrate.Add(packet.Length, nowMs);
        bool keyFrame = stream.IsVideo && payload.Length > 0 && KeyFrameDetector.IsKeyFrame(KeyFrameCodec, payload);
        if (keyFrame)
        {
            stream.KeyFrames++;
        }

        OnReceived(stream, packet, header, keyFrame, isRtx, nowMs);
        if (Paused || _consumers.Length == 0)
        {
            return;
        }

        var context = new ForwardContext
        {
            NowMs = nowMs,
            KeyFrame = keyFrame,
            ExtensionBodyOffset = header.Extension ? header.ExtensionBodyOffset : 0,
            ExtensionBodyLength = header.IsOneByteExtension || header.IsTwoByteExtension ? header.ExtensionBodyLength : 0,
            TwoByteExtensions = header.IsTwoByteExtension,
            AbsSendTimeOffset = FindExtensionOffset(header, AbsSendTimeExtensionId),
            AbsSendTime = AbsSendTimeExtension.FromMicroseconds(nowUs),
        };
        Span<byte> original = stackalloc byte[MaxForwardedHeaderLength];
        packet[..headerLength].CopyTo(original);
        var consumers = _consumers;
        for (int i = 0; i < consumers.Length; i++)
        {
            if (i > 0)
            {
                original[..headerLength].CopyTo(packet);
            }

            consumers[i].ForwardRtp(stream, packet, context);
        }
    }

    /// <summary>
    /// RFC 4588 §4: an RTX packet carries the original sequence number in its first two payload bytes.
    /// Rebuilt in place as the original packet (header moved two bytes right); padding-only RTX packets
    /// (bandwidth probes) are dropped.
    /// </summary>
    private bool TryUnwrapRtx(ProducerStream stream, ref Span<byte> packet, RtpHeader header)
    {
        int headerLength = header.HeaderLength;
        int paddingLength = header.Padding ? packet[^1] : 0;
        byte apt = GetRtxAssociatedPayloadType(header.PayloadType);
        if (packet.Length - headerLength - paddingLength < 2 || apt == 0 || stream.Ssrc == 0)
        {
            PacketsDropped++;
            return false;
        }

        ushort originalSeq = BinaryPrimitives.ReadUInt16BigEndian(packet[headerLength..]);
        packet[..headerLength].CopyTo(packet[2..]);
        packet = packet[2..];
        packet[1] = (byte)((packet[1] & 0x80) | apt);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], originalSeq);
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], stream.Ssrc);
        return true;
    }

    /// <summary>Offset in the packet of an extension element's data, or 0 when it is absent.</summary>
    internal static int FindExtensionOffset(RtpHeader header, byte id)
    {
        if (id == 0 || !(header.IsOneByteExtension || header.IsTwoByteExtension))
        {
            return 0;
        }

        var reader = new RtpExtensionReader(header);
        while (reader.TryRead(out var element))
        {
            if (element.Id == id)
            {
                return header.ExtensionBodyOffset + reader.ElementOffset + (reader.IsTwoByte ? 2 : 1);
            }
        }

        return 0;
    }
}
