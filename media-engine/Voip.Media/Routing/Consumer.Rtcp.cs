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
            }
        }
    }

    /// <summary>
    /// Shard tick: a Sender Report (+ SDES CNAME) for our stream about once a second, mapping the wall
    /// clock to our output RTP clock through the last forwarded packet (RFC 3550 §6.4.1).
    /// </summary>
    internal void OnTick(long nowMs, long nowTicks, Span<byte> scratch)
    {
        if (IsClosed || PacketsSent == 0 || nowMs - _lastSenderReportMs < SenderReportIntervalMs)
        {
            return;
        }

        _lastSenderReportMs = nowMs;
        ulong ntp = NtpTimestamp.FromTicks(DateTime.UtcNow.Ticks);
        long elapsedMs = nowMs - _lastForwardMs;
        uint rtp = _sequencer.LastOutputTimestamp + (uint)(Math.Max(0, elapsedMs) * ClockRate / 1000);
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
}
