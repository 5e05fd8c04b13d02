using System.Diagnostics;

namespace Voip.Media.Tests.Interop.Room;

/// <summary>
/// What the relay saw of the RTP headers toward the browser, so a failing bandwidth test can tell whether the
/// browser's estimator had what it needs: which header extensions arrived and whether abs-send-time
/// (the delay-based REMB estimator's input) ran on one steady clock.
/// </summary>
public sealed partial class RateLimitedRelay
{
    /// <summary>RTP header extensions (one-byte ids, RFC 8285 §4.2) seen toward the browser: SRTP leaves the
    /// header in the clear, so a failure can tell whether, say, abs-send-time reached the estimator.</summary>
    public string ExtensionIdsSeen
    {
        get
        {
            long mask = Interlocked.Read(ref _extensionIds);
            return string.Join(",", Enumerable.Range(1, 14).Where(id => (mask & (1L << id)) != 0));
        }
    }

    /// <summary>Engine-receive thread only: walks a one-byte-header extension block (RFC 8285 §4.2).</summary>
    private void NoteExtensions(ReadOnlySpan<byte> d)
    {
        bool rtp = d.Length >= 12 && d[0] is >= 128 and <= 191 && (d[1] & 0x7F) is < 64 or > 95;
        if (!rtp || (d[0] & 0x10) == 0)
        {
            return;
        }

        int offset = 12 + (4 * (d[0] & 0x0F));
        if (d.Length < offset + 4 || d[offset] != 0xBE || d[offset + 1] != 0xDE)
        {
            return;
        }

        int end = offset + 4 + (4 * ((d[offset + 2] << 8) | d[offset + 3]));
        long mask = 0;
        for (int i = offset + 4; i < end && i < d.Length;)
        {
            int id = d[i] >> 4;
            if (id == 0)
            {
                i++;
                continue;
            }

            if (id == 15)
            {
                break;
            }

            mask |= 1L << id;
            if (id == AbsSendTimeId && (d[i] & 0x0F) == 2 && i + 4 <= d.Length)
            {
                NoteAbsSendTime((uint)((d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3]), d[1] & 0x7F);
            }

            i += 2 + (d[i] & 0x0F);
        }

        if ((Interlocked.Read(ref _extensionIds) | mask) != Interlocked.Read(ref _extensionIds))
        {
            Interlocked.Or(ref _extensionIds, mask);
        }
    }

    private long _extensionIds;

    /// <summary>The subscriber's abs-send-time id in the room tests (RoomCapabilities.Subscriber).</summary>
    private const int AbsSendTimeId = 2;

    /// <summary>The subscriber's RTX payload type in the room tests (RoomCapabilities.Subscriber).</summary>
    private const int RtxPayloadType = 102;

    private long _rtxStamped;
    private long _rtxStampedFar;
    private uint _lastAbsSendTime;
    private long _absSendTimePackets;
    private long _absSendTimeBackwards;
    private double _minClockOffsetMs = double.MaxValue;
    private double _maxClockOffsetMs = double.MinValue;
    private double _sendClockMs;

    /// <summary>Retransmissions (RTX) that carried abs-send-time.</summary>
    public long RtxStamped => Interlocked.Read(ref _rtxStamped);

    /// <summary>Of <see cref="RtxStamped"/>, those more than 1 s off the media stream's latest stamp (a stale stamp).</summary>
    public long RtxStampedFar => Interlocked.Read(ref _rtxStampedFar);

    /// <summary>abs-send-time (6.18 fixed-point seconds, wraps every 64 s) against this relay's clock: how many
    /// packets carried it, how often it stepped back, and how far the two clocks' offset wandered.</summary>
    public string AbsSendTimeSummary =>
        $"abs-send-time on {_absSendTimePackets} media packets, {_absSendTimeBackwards} steps back, clock offset range {_maxClockOffsetMs - _minClockOffsetMs:0} ms; RTX stamped {_rtxStamped}, of them > 1 s off the media stream's clock {_rtxStampedFar}";

    /// <summary>Engine-receive thread only. Media packets: is their stamp monotonic and in step with our clock?
    /// Retransmissions: is their stamp on the same clock as the media stream's (within 1 s of its latest)?</summary>
    private void NoteAbsSendTime(uint value, int payloadType)
    {
        if (payloadType == RtxPayloadType)
        {
            // A retransmission: how far its stamp is from the media stream's latest one.
            int gap = (int)((value - _lastAbsSendTime) << 8) >> 8;
            if (Math.Abs(gap) > (1 << 18))
            {
                _rtxStampedFar++;
            }

            _rtxStamped++;
            return;
        }

        double nowMs = Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
        if (_absSendTimePackets > 0)
        {
            int delta = (int)((value - _lastAbsSendTime) << 8) >> 8; // signed 24-bit difference
            if (delta < 0)
            {
                _absSendTimeBackwards++;
            }

            _sendClockMs += delta * 1000.0 / (1 << 18);
        }

        _lastAbsSendTime = value;
        _absSendTimePackets++;
        double offset = nowMs - _sendClockMs;
        _minClockOffsetMs = Math.Min(_minClockOffsetMs, offset);
        _maxClockOffsetMs = Math.Max(_maxClockOffsetMs, offset);
    }
}
