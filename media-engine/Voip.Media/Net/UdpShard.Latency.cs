using System.Diagnostics;
using Voip.Media.Diagnostics;

namespace Voip.Media.Net;

// Forwarding latency: the time from the receive batch that carried a packet to the send flush that
// carried its copies out, for everything sent while a receive batch is being handled (forwarded media,
// echoes, STUN responses). Timer and command sends have no receive time and are not recorded.
public sealed partial class UdpShard
{
    // Two windows of WindowMs each: the reader merges both, so it always sees the last 5..10 s.
    private const long WindowMs = 5000;

    private readonly long[] _sendReceivedAt;
    private readonly LatencyHistogram[] _latencyWindows = [new LatencyHistogram(), new LatencyHistogram()];
    private int _latencyWindow;
    private long _latencyWindowStartMs;
    private long _batchReceivedAt; // Stopwatch timestamp of the receive batch being delivered; 0 outside one
    private long _forwardedPackets;

    /// <summary>RTP packets (RFC 5761 §4 by payload type) sent while handling a receive batch: one per consumer copy.</summary>
    public long ForwardedPackets => Volatile.Read(ref _forwardedPackets);

    /// <summary>
    /// Receive-to-send latency over the last 5–10 s in microseconds at <paramref name="quantile"/> (0..1);
    /// 0 with no traffic. Any thread (it merges the shard's windows into a fresh histogram).
    /// </summary>
    public double ForwardLatencyMicroseconds(double quantile)
    {
        var merged = new LatencyHistogram();
        merged.Add(_latencyWindows[0]);
        merged.Add(_latencyWindows[1]);
        return merged.QuantileMicroseconds(quantile);
    }

    private void MarkBatchReceived() => _batchReceivedAt = Stopwatch.GetTimestamp();

    private void EndBatchReceived() => _batchReceivedAt = 0;

    /// <summary>Called after a flush of <paramref name="count"/> slots: records each one's latency and counts forwarded RTP.</summary>
    private void RecordFlushed(int count)
    {
        long now = 0;
        LatencyHistogram window = _latencyWindows[_latencyWindow];
        for (int i = 0; i < count; i++)
        {
            long receivedAt = _sendReceivedAt[i];
            if (receivedAt == 0)
            {
                continue;
            }

            if (now == 0)
            {
                now = Stopwatch.GetTimestamp();
            }

            window.Record(now - receivedAt);
            if (DatagramClassifier.Classify(SendSlot(i)[..Math.Min(2, _sendLengths[i])]) == DatagramKind.Rtp)
            {
                _forwardedPackets++;
            }
        }
    }

    /// <summary>On tick: start a new window every <see cref="WindowMs"/>, dropping the oldest.</summary>
    private void RotateLatencyWindow(long nowMs)
    {
        if (nowMs - _latencyWindowStartMs < WindowMs)
        {
            return;
        }

        _latencyWindowStartMs = nowMs;
        int next = _latencyWindow ^ 1;
        _latencyWindows[next].Clear();
        _latencyWindow = next;
    }
}
