namespace Voip.Media.Rtcp;

/// <summary>
/// Per-source reception state that a receiver report block is built from (RFC 3550 Appendix A):
/// extended highest sequence number and loss (A.1, A.3), interarrival jitter (A.8, integer form) and
/// LSR/DLSR from the last sender report (§6.4.1). A mutable struct owned by the producer on its shard
/// thread; updating it allocates nothing. Probation (A.1's MIN_SEQUENTIAL) is not applied: SRTP has
/// already authenticated the packet, so the first one starts the stream.
/// </summary>
public struct ReceptionStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;

    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private int _badSeq;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private uint _lastTransit;
    private uint _jitterQ4;
    private bool _started;
    private uint _lastSrCompact;
    private long _lastSrArrivalTicks;

    public ReceptionStatistics(int clockRate)
    {
        ClockRate = clockRate;
        _badSeq = -1;
    }

    public int ClockRate { get; }

    /// <summary>Packets counted (duplicates included, as in A.3).</summary>
    public readonly uint PacketsReceived => _received;

    public readonly uint ExtendedHighestSequence => _cycles + _maxSeq;

    /// <summary>Interarrival jitter in RTP timestamp units (A.8).</summary>
    public readonly uint Jitter => _jitterQ4 >> 4;

    /// <summary>Cumulative lost packets (expected − received; negative with duplicates).</summary>
    public readonly long CumulativeLost => _started ? (long)ExtendedHighestSequence - _baseSeq + 1 - _received : 0;

    /// <summary>
    /// Counts one packet. Returns false for a packet that jumped more than 3000 ahead (or far behind): it
    /// is not counted, and a second packet following it restarts the sequence (A.1, the source restarted).
    /// </summary>
    public bool OnPacket(ushort sequenceNumber, uint rtpTimestamp, long arrivalMicroseconds)
    {
        if (!_started)
        {
            Restart(sequenceNumber);
        }
        else
        {
            int delta = (ushort)(sequenceNumber - _maxSeq);
            if (delta < MaxDropout)
            {
                if (sequenceNumber < _maxSeq)
                {
                    _cycles += 65536;
                }

                _maxSeq = sequenceNumber;
            }
            else if (delta <= 65536 - MaxMisorder)
            {
                if (sequenceNumber != _badSeq)
                {
                    _badSeq = (ushort)(sequenceNumber + 1);
                    return false;
                }

                Restart(sequenceNumber);
            }
        }

        _received++;

        // A.8: transit in RTP units; only its differences matter, so the arrival clock's origin is irrelevant.
        // Split so Unix-epoch microseconds × 90 kHz does not overflow 64 bits.
        long arrivalUnits = (Math.DivRem(arrivalMicroseconds, 1_000_000, out long micros) * ClockRate) + (micros * ClockRate / 1_000_000);
        uint arrival = unchecked((uint)arrivalUnits);
        uint transit = arrival - rtpTimestamp;
        if (_received > 1)
        {
            int d = (int)(transit - _lastTransit);
            if (d < 0)
            {
                d = -d;
            }

            _jitterQ4 = (uint)(_jitterQ4 + d - ((_jitterQ4 + 8) >> 4));
        }

        _lastTransit = transit;
        return true;
    }

    /// <summary>Remembers a sender report's NTP time and when it arrived (for LSR and DLSR).</summary>
    public void OnSenderReport(ulong ntpTimestamp, long arrivalTicks)
    {
        _lastSrCompact = NtpTimestamp.ToCompact(ntpTimestamp);
        _lastSrArrivalTicks = arrivalTicks;
    }

    /// <summary>
    /// Builds the report block for <paramref name="ssrc"/> at <paramref name="nowTicks"/> (same clock as
    /// the SR arrival) and starts a new interval for the fraction lost (A.3).
    /// </summary>
    public ReportBlock CreateReportBlock(uint ssrc, long nowTicks)
    {
        uint expected = _started ? ExtendedHighestSequence - _baseSeq + 1 : 0;
        uint expectedInterval = expected - _expectedPrior;
        uint receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = (long)expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);
        long lost = Math.Clamp(CumulativeLost, ReportBlock.MinCumulativeLost, ReportBlock.MaxCumulativeLost);
        uint dlsr = _lastSrCompact == 0 ? 0 : NtpTimestamp.CompactFromTimeSpan(TimeSpan.FromTicks(nowTicks - _lastSrArrivalTicks));
        return new ReportBlock(ssrc, fraction, (int)lost, ExtendedHighestSequence, Jitter, _lastSrCompact, dlsr);
    }

    private void Restart(ushort sequenceNumber)
    {
        _started = true;
        _maxSeq = sequenceNumber;
        _baseSeq = sequenceNumber;
        _cycles = 0;
        _badSeq = -1;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
    }
}
