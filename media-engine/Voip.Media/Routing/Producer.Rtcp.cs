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
        stream.SenderClock = new RtpClockMapping(report.NtpTimestamp, report.RtpTimestamp, (int)stream.ClockRate);
        stream.SenderReportAtMs = nowMs;
    }

    /// <summary>Shard tick: pending key-frame requests, and a Receiver Report per stream about once a second.</summary>
    internal void OnTick(long nowMs, long nowTicks, Span<byte> scratch)
    {
        Span<ReportBlock> blocks = stackalloc ReportBlock[Streams.Length];
        int count = 0;
        foreach (var stream in Streams)
        {
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

    /// <summary>The SSRC field of an RTCP feedback packet's media source (offset 8).</summary>
    internal static uint ReadMediaSsrc(ReadOnlySpan<byte> packet) => packet.Length >= 12 ? BinaryPrimitives.ReadUInt32BigEndian(packet[8..]) : 0;
}
