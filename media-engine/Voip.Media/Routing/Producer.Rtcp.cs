using System.Buffers.Binary;
using Voip.Media.Rtcp;
using Voip.Media.Rtp;

namespace Voip.Media.Routing;

public sealed partial class Producer
{
    private const int ReceiverReportIntervalMs = 1000;

    /// <summary>Per packet, after counting: loss detection, the retransmission buffer, audio level.</summary>
    private void OnReceived(ProducerStream stream, ReadOnlySpan<byte> packet, RtpHeader header, bool keyFrame, bool isRtx, long nowMs)
    {
        stream.Nack?.OnPacket(header.SequenceNumber, keyFrame, isRtx, nowMs);
        stream.Buffer?.Store(packet, header.SequenceNumber, nowMs);
        if (AudioLevelExtensionId != 0 && SpeakerSlot >= 0
            && RtpExtensionReader.TryFind(header, AudioLevelExtensionId, out var data)
            && AudioLevelExtension.TryRead(data, out bool voice, out byte level))
        {
            Router.OnAudioLevel(this, level, voice, nowMs);
        }
    }

    /// <summary>Asks the publisher for a key frame of <paramref name="stream"/> (PLI, or FIR when only that was negotiated), throttled.</summary>
    internal void RequestKeyFrame(ProducerStream stream, long nowMs)
    {
        if (stream.Ssrc == 0 || !stream.KeyFrameThrottle.TryRequest(nowMs))
        {
            return;
        }

        SendKeyFrameRequest(stream);
    }

    private void SendKeyFrameRequest(ProducerStream stream)
    {
        KeyFrameRequests++;
        stream.KeyFrameRequestsSent++;
        Span<byte> buffer = stackalloc byte[PictureLossIndication.Length];
        var pli = new PictureLossIndicationWriter(Transport.RtcpSenderSsrc, stream.Ssrc);
        if (pli.TryWrite(buffer, out int written))
        {
            Transport.SendRtcp(buffer[..written]);
        }
    }

    /// <summary>The publisher's Sender Report for one of our streams.</summary>
    internal void OnSenderReport(ProducerStream stream, SenderReport report, long nowMs, long nowTicks)
    {
        stream.Stats.OnSenderReport(report.NtpTimestamp, nowTicks);
        stream.SenderReportRtp = report.RtpTimestamp;
        stream.SenderReportAtMs = nowMs;
    }

    /// <summary>Shard tick: NACKs for what the publisher's packets lost, pending key-frame requests, and a Receiver Report per stream about once a second.</summary>
    internal void OnTick(long nowMs, long nowTicks, Span<byte> scratch)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[Streams.Length];
        Span<ushort> lost = stackalloc ushort[MaxNackedPerTick];
        int count = 0;
        foreach (var stream in Streams)
        {
            if (stream.Nack is { } nack && stream.Ssrc != 0)
            {
                SendNacks(stream, nack, lost, nowMs, scratch);
            }

            if (stream.KeyFrameThrottle.TakePending(nowMs) && stream.Ssrc != 0)
            {
                SendKeyFrameRequest(stream);
            }

            if (stream.Packets > 0 && nowMs - stream.LastReceiverReportMs >= ReceiverReportIntervalMs)
            {
                stream.LastReceiverReportMs = nowMs;
                var block = stream.Stats.CreateReportBlock(stream.Ssrc, nowTicks);
                stream.FractionLostLast = block.FractionLost / 256.0;
                blocks[count++] = block;
            }
        }

        if (count == 0)
        {
            return;
        }

        var rr = new ReceiverReportWriter { SenderSsrc = Transport.RtcpSenderSsrc, ReportBlocks = blocks[..count] };
        if (rr.TryWrite(scratch, out int written))
        {
            Transport.SendRtcp(scratch[..written]);
        }
    }

    private const int MaxNackedPerTick = 128;

    /// <summary>Round trip to a publisher we cannot measure (it receives nothing from us): what NACK retries are paced by.</summary>
    private const int AssumedPublisherRoundTripMs = 50;

    private void SendNacks(ProducerStream stream, NackGenerator nack, Span<ushort> lost, long nowMs, Span<byte> scratch)
    {
        if (nack.KeyFrameNeeded)
        {
            // Too much lost to repair packet by packet: a key frame is quicker.
            nack.OnKeyFrameRequested();
            RequestKeyFrame(stream, nowMs);
        }

        int n = nack.CollectDue(nowMs, AssumedPublisherRoundTripMs, lost);
        if (n == 0)
        {
            return;
        }

        var writer = new GenericNackWriter { SenderSsrc = Transport.RtcpSenderSsrc, MediaSsrc = stream.Ssrc, LostSequenceNumbers = lost[..n] };
        if (writer.TryWrite(scratch, out int written) && Transport.SendRtcp(scratch[..written]))
        {
            stream.NacksSent++;
            stream.NackedPackets += n;
        }
    }

    /// <summary>The SSRC field of an RTCP feedback packet's media source (offset 8).</summary>
    internal static uint ReadMediaSsrc(ReadOnlySpan<byte> packet) => packet.Length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) : 0;
}
