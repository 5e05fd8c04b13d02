using Voip.Media.Rtcp;

namespace Voip.Media.Routing;

/// <summary>
/// The receive side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01)
/// for one publisher's transport: records each packet's transport-wide sequence number (§2, the RTP header
/// extension) and arrival time, and periodically reports them back in RTCP transport feedback (§3.1), from
/// which the sender's congestion controller (GCC in Chromium) derives its bandwidth estimate. Without this
/// feedback Chromium keeps its send bitrate low and never turns on the upper simulcast layers.
/// <para>When: a feedback is due every <see cref="IntervalUs"/> (50 ms, as libwebrtc's periodic mode at
/// ordinary rates), or as soon as <see cref="PacketsTrigger"/> (100) packets wait. When due, everything
/// received up to the newest packet is reported, in as many packets as needed: one feedback carries at most
/// <see cref="MaxPacketsPerFeedback"/> packets, must fit the caller's buffer, and cannot encode a receive
/// delta beyond ±8.19 s (16 bits of 250 µs, §3.1.5) — such a packet starts the next feedback, with its own
/// reference time. The caller keeps calling <see cref="TryWriteFeedback"/> while it returns true.</para>
/// <para>Sequence numbers are unwrapped against the newest. A packet arriving after its number was reported
/// (as lost) moves the report window back so the next feedback reports it received, as libwebrtc does; the
/// packets between are reported again, which senders tolerate. A feedback starts right after the previous
/// one's last packet, so packets lost at the boundary are reported as not received (up to
/// <see cref="MaxLeadingLost"/> of them; the sender's loss-based estimate needs them).</para>
/// Arrival times and <c>nowUs</c> are microseconds on one clock with any origin. Single-threaded; nothing
/// allocates after construction.
/// </summary>
public sealed class TwccFeedbackGenerator
{
    public const long IntervalUs = 50_000;
    public const int PacketsTrigger = 100;
    public const int MaxPacketsPerFeedback = 256;

    /// <summary>At most this many unreceived packets before a feedback's first arrival are reported as lost.</summary>
    public const int MaxLeadingLost = 1024;

    private const int Capacity = 4096;
    private const int Mask = Capacity - 1;
    private const int LateWindow = MaxPacketsPerFeedback;

    private readonly long[] _slotSequence = new long[Capacity];
    private readonly long[] _arrivalUs = new long[Capacity];
    private readonly TransportWideCcArrival[] _scratch = new TransportWideCcArrival[MaxPacketsPerFeedback];
    private long _highest;
    private long _next;
    private long _flushUntil;
    private bool _flushing;
    private long _lastFeedbackUs;
    private bool _hasFeedback;
    private int _pending;
    private ushort _leadingLost;

    public TwccFeedbackGenerator() => Reset();

    /// <summary>The count the next feedback carries (§3.1: incremented per feedback, wraps at 256).</summary>
    public byte FeedbackPacketCount { get; private set; }

    /// <summary>Packets recorded but not yet reported.</summary>
    public int PendingCount => _pending;

    /// <summary>Feedback packets written.</summary>
    public long FeedbacksWritten { get; private set; }

    /// <summary>Packets not recorded: duplicates, or too far behind the newest.</summary>
    public long Ignored { get; private set; }

    /// <summary>Packets never reported because too many were waiting (feedback not collected for a long time).</summary>
    public long Overrun { get; private set; }

    public void OnPacket(ushort transportSequenceNumber, long arrivalTimeUs)
    {
        long extended;
        if (_highest < 0)
        {
            extended = transportSequenceNumber + 65536L;
            _highest = extended;
            _next = extended;
        }
        else
        {
            extended = _highest + (short)(transportSequenceNumber - (ushort)_highest);
            if (extended > _highest)
            {
                _highest = extended;
                if (_highest - _next >= Capacity)
                {
                    long skip = _highest - Capacity + 1;
                    Overrun += skip - _next;
                    _next = skip;
                }
            }
            else if (_highest - extended >= Capacity || _next - extended > LateWindow)
            {
                Ignored++;
                return;
            }
        }

        int slot = (int)(extended & Mask);
        if (_slotSequence[slot] == extended)
        {
            Ignored++;
            return;
        }

        _slotSequence[slot] = extended;
        _arrivalUs[slot] = arrivalTimeUs;
        _pending++;
        if (extended < _next)
        {
            _next = extended; // reported as lost already: report it again, received
        }
    }

    /// <summary>
    /// Writes one TWCC feedback packet into <paramref name="destination"/> when one is due. False when
    /// nothing is due, nothing is pending, or <paramref name="destination"/> cannot hold even one packet's report.
    /// </summary>
    public bool TryWriteFeedback(long nowUs, uint senderSsrc, uint mediaSsrc, Span<byte> destination, out int written)
    {
        written = 0;
        if (_highest < 0 || _next > _highest)
        {
            return false;
        }

        bool due = _flushing || _pending >= PacketsTrigger || !_hasFeedback || nowUs - _lastFeedbackUs >= IntervalUs;
        if (!due)
        {
            return false;
        }

        if (!_flushing)
        {
            // Everything received up to now is reported, in one or more feedbacks.
            _flushing = true;
            _flushUntil = _highest;
        }

        int n = Gather();
        if (n == 0)
        {
            _next = _flushUntil + 1;
            _flushing = false;
            return false;
        }

        var writer = new TransportWideCcWriter { SenderSsrc = senderSsrc, MediaSsrc = mediaSsrc, FeedbackPacketCount = FeedbackPacketCount, LeadingLost = _leadingLost };
        int size;
        while (true)
        {
            writer.Arrivals = _scratch.AsSpan(0, n);
            size = writer.GetSize();
            if (size <= destination.Length || n == 1)
            {
                break;
            }

            n /= 2;
        }

        if (size == 0 || size > destination.Length || !writer.TryWrite(destination, out written))
        {
            return false;
        }

        _next += (ushort)(_scratch[n - 1].SequenceNumber - (ushort)_next) + 1;
        _flushing = _next <= _flushUntil;
        _pending = Math.Max(0, _pending - n);
        FeedbackPacketCount++;
        FeedbacksWritten++;
        _lastFeedbackUs = nowUs;
        _hasFeedback = true;
        return true;
    }

    public void Reset()
    {
        _slotSequence.AsSpan().Fill(-1);
        _highest = -1;
        _next = 0;
        _flushUntil = -1;
        _flushing = false;
        _pending = 0;
        _hasFeedback = false;
        FeedbackPacketCount = 0;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a + 1) / b) - 1;

    // The writer's rounding: arrival times to 250 µs ticks, the reference time floored to 64 ms (256 ticks).
    private static long Ticks(long microseconds) => FloorDiv(microseconds + 125, 250);

    /// <summary>
    /// Copies the received packets from the window start into the scratch list, stopping before a receive
    /// delta that 16 bits cannot hold (§3.1.5) or when the list is full; notes how many packets before the
    /// first were not received.
    /// </summary>
    private int Gather()
    {
        int n = 0;
        long previous = 0;
        for (long e = _next; e <= _flushUntil && n < _scratch.Length; e++)
        {
            int slot = (int)(e & Mask);
            if (_slotSequence[slot] != e)
            {
                continue;
            }

            long arrival = _arrivalUs[slot];
            long ticks = Ticks(arrival);
            if (n == 0)
            {
                previous = FloorDiv(arrival, 64_000) * 256;
                _leadingLost = (ushort)Math.Min(e - _next, MaxLeadingLost);
            }
            else if (ticks - previous is < short.MinValue or > short.MaxValue)
            {
                break;
            }

            previous = ticks;
            _scratch[n++] = new TransportWideCcArrival((ushort)e, arrival);
        }

        return n;
    }
}
