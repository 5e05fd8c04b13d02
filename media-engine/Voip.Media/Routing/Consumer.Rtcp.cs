using Voip.Media.Rtcp;

namespace Voip.Media.Routing;

public sealed partial class Consumer
{
    private const int SenderReportIntervalMs = 1000;
    private long _lastSenderReportMs;
    private uint _lastSenderReportCompact;
    private long _lastSenderReportTicks;

    public double FractionLost { get; private set; }

    public long PacketsLost { get; private set; }

    public double JitterMs { get; private set; }

    public double RoundTripMs { get; private set; }

    /// <summary>Subscriber's PLI or FIR for our SSRC.</summary>
    internal void OnKeyFrameRequest(long nowMs)
    {
        KeyFrameRequestsReceived++;
        if (Active)
        {
            RequestKeyFrame(nowMs);
        }
    }

    /// <summary>The subscriber's report block about our stream (RFC 3550 §6.4.2): loss, jitter, and RTT from LSR/DLSR.</summary>
    internal void OnReportBlock(in ReportBlock block, long nowTicks)
    {
        FractionLost = block.FractionLost / 256.0;
        PacketsLost = block.CumulativeLost;
        JitterMs = ClockRate == 0 ? 0 : block.Jitter * 1000.0 / ClockRate;
        if (block.LastSenderReport != 0 && block.LastSenderReport == _lastSenderReportCompact)
        {
            var elapsed = TimeSpan.FromTicks(nowTicks - _lastSenderReportTicks);
            double rtt = elapsed.TotalMilliseconds - NtpTimestamp.CompactToTimeSpan(block.DelaySinceLastSenderReport).TotalMilliseconds;
            if (rtt >= 0)
            {
                RoundTripMs = rtt;
                Transport.RoundTripMs = rtt;
            }
        }
    }

    /// <summary>
    /// Shard tick: a Sender Report (+ SDES CNAME) for our stream about once a second (RFC 3550 §6.4.1). Its
    /// NTP↔RTP mapping comes from the publisher's own Sender Reports for the layer we forward — their RTP time
    /// carried forward to now and shifted into our output timeline — so a subscriber lines up the publisher's
    /// audio and video as the publisher stamped them (lip sync), whatever each stream's forwarding delay. Until
    /// the publisher has reported (or after 10 s without a report) the last forwarded packet stands in.
    /// </summary>
    internal void OnTick(long nowMs, long nowTicks, Span<byte> scratch)
    {
        if (IsClosed || PacketsSent == 0 || nowMs - _lastSenderReportMs < SenderReportIntervalMs)
        {
            return;
        }

        _lastSenderReportMs = nowMs;
        ulong ntp = NtpTimestamp.FromTicks(DateTime.UtcNow.Ticks);
        uint rtp = OutputRtpAt(nowMs);
        var sr = new SenderReportWriter
        {
            SenderSsrc = Ssrc,
            NtpTimestamp = ntp,
            RtpTimestamp = rtp,
            PacketCount = (uint)PacketsSent,
            OctetCount = (uint)BytesSent,
        };
        if (!sr.TryWrite(scratch, out int length))
        {
            return;
        }

        var sdes = new SourceDescriptionWriter { Ssrc = Ssrc, Cname = CnameBytes };
        if (sdes.TryWrite(scratch[length..], out int sdesLength))
        {
            length += sdesLength;
        }

        if (Transport.SendRtcp(scratch[..length]))
        {
            _lastSenderReportCompact = NtpTimestamp.ToCompact(ntp);
            _lastSenderReportTicks = nowTicks;
        }
    }

    /// <summary>Our output RTP clock at <paramref name="nowMs"/>.</summary>
    private uint OutputRtpAt(long nowMs)
    {
        var layer = CurrentLayer;
        if (layer >= 0 && layer < Producer.Streams.Length)
        {
            var source = Producer.Streams[layer];
            long sinceReport = nowMs - source.SenderReportAtMs;
            if (source.SenderReportAtMs != long.MinValue && sinceReport >= 0 && sinceReport < 10_000)
            {
                return source.SenderReportRtp + (uint)(sinceReport * ClockRate / 1000) + _sequencer.TimestampOffset;
            }
        }

        long elapsedMs = nowMs - _lastForwardMs;
        return _sequencer.LastOutputTimestamp + (uint)(Math.Max(0, elapsedMs) * ClockRate / 1000);
    }
}
