namespace Voip.Media.Routing;

/// <summary>
/// Output continuity for one consumer: sequence numbers continue +1 and timestamps keep advancing across
/// input runs (a resume or a simulcast layer switch starts a new run), so the subscriber's jitter buffer
/// and SRTP replay window see one unbroken stream.
/// </summary>
public struct RtpSequencer
{
    private bool _started;
    private bool _syncPending;
    private ushort _seqOffset;
    private uint _tsOffset;
    private ushort _runFirstInput;
    private long _lastOutputMs;

    public ushort LastOutputSeq { get; private set; }

    public uint LastOutputTimestamp { get; private set; }

    public void Reset() => this = default;

    /// <summary>The next accepted packet starts a new input run.</summary>
    public void Sync() => _syncPending = true;

    public bool TryRewrite(ushort inputSeq, uint inputTimestamp, long nowMs, uint clockRate, out ushort outputSeq, out uint outputTimestamp)
    {
        if (!_started || _syncPending)
        {
            if (!_started)
            {
                _seqOffset = 0;
                _tsOffset = 0;
            }
            else
            {
                _seqOffset = (ushort)(LastOutputSeq + 1 - inputSeq);
                long elapsed = Math.Max(1, (nowMs - _lastOutputMs) * clockRate / 1000);
                _tsOffset = LastOutputTimestamp + (uint)elapsed - inputTimestamp;
            }

            _started = true;
            _syncPending = false;
            _runFirstInput = inputSeq;
            LastOutputSeq = (ushort)(inputSeq + _seqOffset - 1);
        }
        else if ((short)(inputSeq - _runFirstInput) < 0)
        {
            // Older than the run's first packet: it belongs to the previous run's numbering.
            outputSeq = 0;
            outputTimestamp = 0;
            return false;
        }

        outputSeq = (ushort)(inputSeq + _seqOffset);
        outputTimestamp = inputTimestamp + _tsOffset;
        if ((short)(outputSeq - LastOutputSeq) > 0)
        {
            LastOutputSeq = outputSeq;
            LastOutputTimestamp = outputTimestamp;
            _lastOutputMs = nowMs;
        }

        return true;
    }

    /// <summary>Turns a subscriber's NACKed (output) sequence number back into the producer's, within the current run.</summary>
    public readonly bool TryMapBack(ushort outputSeq, out ushort inputSeq)
    {
        inputSeq = (ushort)(outputSeq - _seqOffset);
        return _started && (short)(inputSeq - _runFirstInput) >= 0 && (short)(outputSeq - LastOutputSeq) <= 0;
    }
}
