namespace Voip.Media.Routing;

/// <summary>
/// Keeps one consumer's outgoing sequence numbers and timestamps continuous while its input changes
/// underneath: a pause/resume, a simulcast layer switch (a different SSRC, sequence and timestamp space),
/// or a producer replacement. RFC 3550 §5.1 lets a receiver treat a sequence jump as loss and a timestamp
/// jump as a clock glitch; a gapless hand-over avoids both (and NACKs for packets that never existed).
/// <para>A <em>run</em> is a stretch of input from one source. The first packet after <see cref="Reset"/>
/// or <see cref="Sync"/> starts a run: its output sequence is the last output + 1 (the very first run keeps
/// the input's numbers), and its output timestamp the last output timestamp plus the wall time elapsed since
/// that output, in RTP ticks (at least 1, so timestamps never repeat or go back). Within a run the input is
/// shifted by fixed offsets: loss stays visible as an output gap (so the subscriber NACKs it), reordered
/// packets map consistently, packets older than the run's first are dropped, and a duplicate among the last
/// 128 sequence numbers is dropped.</para>
/// <see cref="TryMapBack"/> turns a subscriber's NACKed output sequence numbers back into the producer's,
/// within the current run only. A mutable struct: keep it in a field (not a copy) and use it on one thread.
/// </summary>
public struct RtpSequencer
{
    private const int DuplicateWindow = 128;

    private bool _inRun;
    private bool _syncPending;
    private bool _hasOutput;
    private ushort _runInputBase;
    private ushort _runOutputBase;
    private long _runHighest;
    private UInt128 _seen;
    private uint _timestampOffset;
    private long _lastOutputMs;

    /// <summary>The highest output sequence number so far.</summary>
    public ushort LastOutputSeq { get; private set; }

    /// <summary>The output timestamp of the packet with <see cref="LastOutputSeq"/>.</summary>
    public uint LastOutputTimestamp { get; private set; }

    /// <summary>What the current run adds to input timestamps (for rebuilding a retransmitted packet).</summary>
    public readonly uint TimestampOffset => _timestampOffset;

    /// <summary>Forgets everything: the next packet starts afresh with its own numbers.</summary>
    public void Reset() => this = default;

    /// <summary>Makes the next accepted packet start a new run (call on a layer switch or resume).</summary>
    public void Sync() => _syncPending = true;

    /// <summary>
    /// Maps one input packet to its output sequence number and timestamp. False (drop the packet) for a
    /// duplicate or a packet older than the current run's first.
    /// </summary>
    public bool TryRewrite(ushort inputSeq, uint inputTimestamp, long nowMs, uint clockRate, out ushort outputSeq, out uint outputTimestamp)
    {
        if (!_inRun || _syncPending)
        {
            StartRun(inputSeq, inputTimestamp, nowMs, clockRate, out outputSeq, out outputTimestamp);
            return true;
        }

        int delta = (short)(inputSeq - (ushort)(_runInputBase + _runHighest));
        if (delta > 0)
        {
            _runHighest += delta;
            _seen = delta >= DuplicateWindow ? UInt128.One : (_seen << delta) | UInt128.One;
            outputSeq = (ushort)(_runOutputBase + _runHighest);
            outputTimestamp = inputTimestamp + _timestampOffset;
            LastOutputSeq = outputSeq;
            LastOutputTimestamp = outputTimestamp;
            _lastOutputMs = nowMs;
            return true;
        }

        int back = -delta;
        long offset = _runHighest - back;
        if (offset < 0)
        {
            outputSeq = 0;
            outputTimestamp = 0;
            return false;
        }

        if (back < DuplicateWindow)
        {
            UInt128 bit = UInt128.One << back;
            if ((_seen & bit) != UInt128.Zero)
            {
                outputSeq = 0;
                outputTimestamp = 0;
                return false;
            }

            _seen |= bit;
        }

        outputSeq = (ushort)(_runOutputBase + offset);
        outputTimestamp = inputTimestamp + _timestampOffset;
        return true;
    }

    /// <summary>The input sequence number behind an output one, if it belongs to the current run.</summary>
    public readonly bool TryMapBack(ushort outputSeq, out ushort inputSeq)
    {
        inputSeq = 0;
        if (!_inRun)
        {
            return false;
        }

        int delta = (short)(outputSeq - (ushort)(_runOutputBase + _runHighest));
        long offset = _runHighest + delta;
        if (delta > 0 || offset < 0)
        {
            return false;
        }

        inputSeq = (ushort)(_runInputBase + offset);
        return true;
    }

    private void StartRun(ushort inputSeq, uint inputTimestamp, long nowMs, uint clockRate, out ushort outputSeq, out uint outputTimestamp)
    {
        if (_hasOutput)
        {
            outputSeq = (ushort)(LastOutputSeq + 1);
            long ticks = Math.Max(1, (nowMs - _lastOutputMs) * clockRate / 1000);
            outputTimestamp = LastOutputTimestamp + (uint)ticks;
        }
        else
        {
            outputSeq = inputSeq;
            outputTimestamp = inputTimestamp;
        }

        _inRun = true;
        _syncPending = false;
        _hasOutput = true;
        _runInputBase = inputSeq;
        _runOutputBase = outputSeq;
        _runHighest = 0;
        _seen = UInt128.One;
        _timestampOffset = outputTimestamp - inputTimestamp;
        LastOutputSeq = outputSeq;
        LastOutputTimestamp = outputTimestamp;
        _lastOutputMs = nowMs;
    }
}
