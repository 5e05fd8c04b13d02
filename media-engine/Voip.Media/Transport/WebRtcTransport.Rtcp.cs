using Voip.Media.Routing;
using Voip.Media.Rtcp;

namespace Voip.Media.Transport;

public sealed partial class WebRtcTransport
{
    /// <summary>
    /// Shard thread: a decrypted RTCP compound for the room. Sender Reports feed producers; report
    /// blocks, NACK, PLI/FIR about our SSRCs feed consumers; REMB sets the subscriber's estimate.
    /// Anything unknown or malformed is skipped and counted, never thrown.
    /// </summary>
    private void RouteRtcp(ReadOnlySpan<byte> compound, long nowMs)
    {
        var reader = new RtcpCompoundReader(compound);
        long nowTicks = 0;
        while (reader.TryRead(out var packet))
        {
            switch (packet.PacketType)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(packet, out var sr) == RtcpParseResult.Ok:
                    nowTicks = nowTicks == 0 ? DateTime.UtcNow.Ticks : nowTicks;
                    if (_incoming.TryGetValue(sr.SenderSsrc, out var incoming) && !incoming.IsRtx)
                    {
                        incoming.Stream.Producer.OnSenderReport(incoming.Stream, sr, nowMs, nowTicks);
                    }

                    for (int i = 0; i < sr.ReportCount; i++)
                    {
                        OnReportBlock(sr.GetReportBlock(i), nowTicks, nowMs);
                    }

                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(packet, out var rr) == RtcpParseResult.Ok:
                    nowTicks = nowTicks == 0 ? DateTime.UtcNow.Ticks : nowTicks;
                    for (int i = 0; i < rr.ReportCount; i++)
                    {
                        OnReportBlock(rr.GetReportBlock(i), nowTicks, nowMs);
                    }

                    break;
                case RtcpPacketType.TransportFeedback when packet.Count == RtcpFeedbackFormat.GenericNack:
                    if (GenericNack.TryParse(packet, out var nack) == RtcpParseResult.Ok && _outgoing.TryGetValue(nack.MediaSsrc, out var nacked))
                    {
                        Counters.NackReceived++;
                        nacked.OnNack(nack, nowMs);
                    }

                    break;
                case RtcpPacketType.PayloadSpecificFeedback:
                    OnPayloadSpecificFeedback(packet, nowMs);
                    break;
                default:
                    break; // SDES, BYE, APP, TWCC feedback: nothing to do for a forwarding SFU
            }
        }

        if (reader.Result != RtcpParseResult.Ok && reader.PacketCount == 0)
        {
            Counters.MalformedMedia++;
        }
    }

    private void OnPayloadSpecificFeedback(RtcpPacket packet, long nowMs)
    {
        switch (packet.Count)
        {
            case RtcpFeedbackFormat.PictureLossIndication:
                if (PictureLossIndication.TryParse(packet, out var pli) == RtcpParseResult.Ok && _outgoing.TryGetValue(pli.MediaSsrc, out var consumer))
                {
                    Counters.PliReceived++;
                    consumer.OnKeyFrameRequest(nowMs);
                }

                break;
            case RtcpFeedbackFormat.FullIntraRequest:
                if (FullIntraRequest.TryParse(packet, out var fir) == RtcpParseResult.Ok)
                {
                    for (int i = 0; i < fir.EntryCount; i++)
                    {
                        if (_outgoing.TryGetValue(fir.GetEntry(i).Ssrc, out var firConsumer))
                        {
                            Counters.PliReceived++;
                            firConsumer.OnKeyFrameRequest(nowMs);
                        }
                    }
                }

                break;
            case RtcpFeedbackFormat.ApplicationLayer:
                if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb) == RtcpParseResult.Ok)
                {
                    Bandwidth.OnEstimate((long)Math.Min(remb.Bitrate, long.MaxValue), nowMs);
                }

                break;
        }
    }

    private void OnReportBlock(in ReportBlock block, long nowTicks, long nowMs)
    {
        if (_outgoing.TryGetValue(block.Ssrc, out var consumer) && consumer.Ssrc == block.Ssrc)
        {
            consumer.OnReportBlock(block, nowTicks);
            Bandwidth.OnLossReport(block.FractionLost, nowMs);
        }
    }
}
