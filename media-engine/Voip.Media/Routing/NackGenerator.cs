namespace Voip.Media.Routing;

/// <summary>
/// Receiver-side loss detection for one incoming RTP stream: which sequence numbers to ask the sender for
/// in a Generic NACK (RFC 4585 §6.2.1), and when. Gaps found by <see cref="OnPacket"/> become missing
/// entries (kept in ascending order, unwrapped to 64 bits so wrap-around is invisible);
/// <see cref="CollectDue"/> returns those due now.
/// <para>Timing: the first request waits <c>reorderDelayMs</c> (10 ms by default) after the gap was seen.
/// A one-packet reorder inside a burst (a video frame's packets leave back to back) heals within a few ms,
/// so the short wait avoids asking for packets that are merely late, while it is small next to the round
/// trip that any repair costs anyway. Retries follow every max(RTT, 20 ms), at most <c>maxRetries</c> (10)
/// per packet; a packet missing for more than <c>maxAgeMs</c> (1 s) is forgotten, the receiver's jitter
/// buffer having moved on.</para>
/// <para>Key frames: a key frame makes every older loss worthless (decoding restarts from it), so those
/// entries are dropped. The list holds at most <c>maxMissing</c> (1000) entries: a gap that would exceed it
/// (a burst loss or a sequence jump) clears the list and sets <see cref="KeyFrameNeeded"/>, since asking
/// for that much is slower than a PLI (the same policy as libwebrtc's NACK module).</para>
/// Single-threaded: used only on its shard's thread; nothing allocates after construction.
/// </summary>
public sealed class NackGenerator
{
    private const int MinRetryIntervalMs = 20;

    private readonly long[] _sequence;
    private readonly long[] _detectedMs;
    private readonly long[] _sentMs;
    private readonly int[] _retries;
    private readonly int _reorderDelayMs;
    private readonly int _maxRetries;
    private readonly int _maxAgeMs;
    private int _count;
    private long _newest = -1;

    public NackGenerator(int reorderDelayMs = 10, int maxMissing = 1000, int maxRetries = 10, int maxAgeMs = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reorderDelayMs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMissing);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMissing, 16384);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAgeMs);
        _reorderDelayMs = reorderDelayMs;
        _maxRetries = maxRetries;
        _maxAgeMs = maxAgeMs;
        _sequence = new long[maxMissing];
        _detectedMs = new long[maxMissing];
        _sentMs = new long[maxMissing];
        _retries = new int[maxMissing];
    }

    /// <summary>Sequence numbers currently missing (and not given up on).</summary>
    public int MissingCount => _count;

    /// <summary>Set when loss is beyond NACK repair; the owner sends a PLI/FIR and calls <see cref="OnKeyFrameRequested"/>.</summary>
    public bool KeyFrameNeeded { get; private set; }

    /// <summary>NACK entries dropped after <c>maxRetries</c> requests or <c>maxAgeMs</c> without the packet.</summary>
    public long GivenUp { get; private set; }

    /// <summary>Times the missing list overflowed (each one set <see cref="KeyFrameNeeded"/>).</summary>
    public long Overflows { get; private set; }

    public void OnKeyFrameRequested() => KeyFrameNeeded = false;

    public void Reset()
    {
        _count = 0;
        _newest = -1;
        KeyFrameNeeded = false;
    }

    public NackPacketResult OnPacket(ushort sequenceNumber, bool isKeyFrame, bool isRecovered, long nowMs)
    {
        if (_newest < 0)
        {
            _newest = sequenceNumber + 65536L;
            if (isKeyFrame)
            {
                KeyFrameNeeded = false;
            }

            return NackPacketResult.New;
        }

        long extended = _newest + (short)(sequenceNumber - (ushort)_newest);
        if (extended <= _newest)
        {
            return OnOlder(extended, isKeyFrame, isRecovered);
        }

        long gap = extended - _newest - 1;
        _newest = extended;
        if (isKeyFrame)
        {
            // Everything missing before the key frame is no longer needed to decode.
            _count = 0;
            KeyFrameNeeded = false;
            return NackPacketResult.New;
        }

        if (gap == 0)
        {
            return NackPacketResult.New;
        }

        if (_count + gap > _sequence.Length)
        {
            // Too much to repair by NACK: start afresh from a key frame.
            _count = 0;
            Overflows++;
            KeyFrameNeeded = true;
            return NackPacketResult.New;
        }

        for (long s = extended - gap; s < extended; s++)
        {
            _sequence[_count] = s;
            _detectedMs[_count] = nowMs;
            _sentMs[_count] = long.MinValue;
            _retries[_count] = 0;
            _count++;
        }

        return NackPacketResult.New;
    }

    /// <summary>
    /// Writes the sequence numbers to NACK now into <paramref name="output"/> (oldest first) and returns how
    /// many; marks them as requested. Entries past their age or retry limit are dropped first. When
    /// <paramref name="output"/> is full the rest stay due for the next call.
    /// </summary>
    public int CollectDue(long nowMs, int roundTripMs, Span<ushort> output)
    {
        int retryInterval = Math.Max(roundTripMs, MinRetryIntervalMs);
        int written = 0;
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            bool drop = _retries[i] >= _maxRetries || nowMs - _detectedMs[i] > _maxAgeMs;
            if (drop)
            {
                GivenUp++;
                continue;
            }

            bool due = _retries[i] == 0
                ? nowMs - _detectedMs[i] >= _reorderDelayMs
                : nowMs - _sentMs[i] >= retryInterval;
            if (due && written < output.Length)
            {
                output[written++] = (ushort)_sequence[i];
                _sentMs[i] = nowMs;
                _retries[i]++;
            }

            if (kept != i)
            {
                _sequence[kept] = _sequence[i];
                _detectedMs[kept] = _detectedMs[i];
                _sentMs[kept] = _sentMs[i];
                _retries[kept] = _retries[i];
            }

            kept++;
        }

        _count = kept;
        return written;
    }

    private NackPacketResult OnOlder(long extended, bool isKeyFrame, bool isRecovered)
    {
        if (_newest - extended >= _sequence.Length)
        {
            return NackPacketResult.TooOld;
        }

        int index = IndexOf(extended);
        NackPacketResult result = NackPacketResult.Duplicate;
        if (index >= 0)
        {
            _count--;
            Remove(index, 1);
            result = isRecovered ? NackPacketResult.Recovered : NackPacketResult.OutOfOrder;
        }

        if (isKeyFrame && result != NackPacketResult.Duplicate)
        {
            // A late key frame still obsoletes the losses before it.
            int before = LowerBound(extended);
            _count -= before;
            Remove(0, before);
            KeyFrameNeeded = false;
        }

        return result;
    }

    /// <summary>Shifts the entries after <paramref name="start"/> + <paramref name="length"/> down (the count is already reduced by the caller).</summary>
    private void Remove(int start, int length)
    {
        if (length == 0)
        {
            return;
        }

        int tail = _count - start;
        if (tail > 0)
        {
            Array.Copy(_sequence, start + length, _sequence, start, tail);
            Array.Copy(_detectedMs, start + length, _detectedMs, start, tail);
            Array.Copy(_sentMs, start + length, _sentMs, start, tail);
            Array.Copy(_retries, start + length, _retries, start, tail);
        }
    }

    private int IndexOf(long extended)
    {
        int i = LowerBound(extended);
        return i < _count && _sequence[i] == extended ? i : -1;
    }

    /// <summary>The first index whose sequence is ≥ <paramref name="extended"/>.</summary>
    private int LowerBound(long extended)
    {
        int lo = 0;
        int hi = _count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_sequence[mid] < extended)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
