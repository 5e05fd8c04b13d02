namespace Voip.Media.Routing;

/// <summary>
/// How a subscriber's bandwidth estimate (REMB) limits the simulcast layers sent to it. One per transport;
/// shard thread only.
/// <para>A receive-side estimator such as Chromium's never reports much more than it already receives: its
/// estimate starts at the measured throughput, grows at most ~8% a second and is clamped to 1.5× the
/// throughput (it probes only in the first two seconds). Read literally, a subscriber receiving a 350 kbps
/// layer could never be given the 700 kbps layer above it, however good its link. What the estimator does
/// say clearly is congestion: on over-use it drops at once to 0.85× the throughput.</para>
/// <para>So the estimate binds (layers must fit it) only after a congestion signal — a report at least
/// <see cref="CongestionDropPercent"/>% below the previous one, or a receiver report with
/// <see cref="CongestionLossFraction"/>/256 or more loss. While the subscriber has not signalled
/// congestion for <see cref="Backoff"/>, its consumers keep their current layer and may step up one layer
/// beyond the estimate — one consumer of the transport at a time, <see cref="StepSpacingMs"/> apart, so a
/// gallery of consumers does not jump together. A step up followed by congestion within <see cref="TrialWindowMs"/> doubles the
/// backoff (up to <see cref="MaxBackoffMs"/>), so a link that cannot carry the higher layer is tried less
/// and less often; a step up that holds resets it.</para>
/// </summary>
public sealed class SubscriberBandwidth
{
    /// <summary>A report this much below the previous one is a congestion signal.</summary>
    public const int CongestionDropPercent = 5;

    /// <summary>A receiver report with this much loss (in 1/256, RFC 3550 §6.4.1: 26 ≈ 10%) is a congestion signal.</summary>
    public const byte CongestionLossFraction = 26;

    /// <summary>After congestion, the estimate binds for at least this long.</summary>
    public const int InitialBackoffMs = 2_000;

    /// <summary>The longest the estimate binds after repeated failed step-ups.</summary>
    public const int MaxBackoffMs = 32_000;

    /// <summary>Congestion this soon after a step up counts against the step.</summary>
    public const int TrialWindowMs = 5_000;

    /// <summary>Step-ups beyond the estimate on one transport are at least this far apart.</summary>
    public const int StepSpacingMs = 1_000;

    /// <summary>Retransmissions may always use at least this much, bits/s.</summary>
    public const long MinRetransmitBudgetBps = 100_000;

    private readonly BitrateMeter _retransmitted = new();
    private long _lastCongestionMs = long.MinValue;
    private long _lastStepUpMs = long.MinValue;
    private bool _stepPenalized;

    /// <summary>The subscriber's latest estimate, bits/s; 0 = none yet (bandwidth is then ignored).</summary>
    public long EstimateBps { get; private set; }

    /// <summary>How long the estimate binds after the latest congestion signal, ms.</summary>
    public int Backoff { get; private set; } = InitialBackoffMs;

    /// <summary>Congestion signals seen (for stats and tests).</summary>
    public long CongestionEvents { get; private set; }

    /// <summary>A new estimate from the subscriber (REMB).</summary>
    public void OnEstimate(long bitsPerSecond, long nowMs)
    {
        long previous = EstimateBps;
        EstimateBps = Math.Max(0, bitsPerSecond);
        if (previous <= 0 || EstimateBps * 100 > previous * (100 - CongestionDropPercent))
        {
            return;
        }

        OnCongestion(nowMs);
    }

    /// <summary>
    /// A subscriber's receiver report about one of our streams: heavy loss (at least
    /// <see cref="CongestionLossFraction"/>/256 since its last report) is congestion too — a bottleneck whose
    /// queue stays full shows no further delay growth, so the estimate may never drop, but packets do.
    /// </summary>
    public void OnLossReport(byte fractionLost, long nowMs)
    {
        if (fractionLost >= CongestionLossFraction)
        {
            OnCongestion(nowMs);
        }
    }

    private void OnCongestion(long nowMs)
    {
        CongestionEvents++;
        bool stepFailed = _lastStepUpMs != long.MinValue && nowMs - _lastStepUpMs < TrialWindowMs;
        if (!stepFailed)
        {
            Backoff = InitialBackoffMs;
        }
        else if (!_stepPenalized)
        {
            // One step, one doubling, however many reports the congestion it caused produces.
            Backoff = Math.Min(MaxBackoffMs, Backoff * 2);
            _stepPenalized = true;
        }

        _lastCongestionMs = nowMs;
    }

    /// <summary>
    /// True when consumers may keep a layer above the estimate and step up one more: an estimate exists and the
    /// subscriber has not signalled congestion for <see cref="Backoff"/>.
    /// </summary>
    public bool MayExceedEstimate(long nowMs) =>
        EstimateBps > 0 && (_lastCongestionMs == long.MinValue || nowMs - _lastCongestionMs >= Backoff);

    /// <summary>True when a consumer may step up one layer beyond the estimate now (one per <see cref="StepSpacingMs"/>).</summary>
    public bool MayStepUp(long nowMs) =>
        MayExceedEstimate(nowMs) && (_lastStepUpMs == long.MinValue || nowMs - _lastStepUpMs >= StepSpacingMs);

    /// <summary>A consumer on this transport moved its target to a higher layer.</summary>
    public void OnStepUp(long nowMs)
    {
        if (_lastStepUpMs != long.MinValue && _lastCongestionMs < _lastStepUpMs && nowMs - _lastStepUpMs >= TrialWindowMs)
        {
            Backoff = InitialBackoffMs; // the previous step held
        }

        _lastStepUpMs = nowMs;
        _stepPenalized = false;
    }

    /// <summary>Retransmissions refused because they would exceed the budget.</summary>
    public long RetransmissionsOverBudget { get; private set; }

    /// <summary>
    /// Whether a retransmission of <paramref name="bytes"/> fits the last second's budget, given what we send the
    /// subscriber as media (<paramref name="sendingBps"/>): the room its estimate leaves above the media (at least a
    /// quarter of the media rate, and <see cref="MinRetransmitBudgetBps"/>), or half the media rate while there is
    /// no estimate. A subscriber behind a full queue NACKs most of what it loses, again and again; answering all of
    /// it multiplies the load on the very link that is dropping. Taken when true.
    /// </summary>
    public bool TryTakeRetransmission(int bytes, long sendingBps, long nowMs)
    {
        long budget = EstimateBps > 0 ? Math.Max(EstimateBps - sendingBps, sendingBps / 4) : sendingBps / 2;
        budget = Math.Max(budget, MinRetransmitBudgetBps);
        if (_retransmitted.GetBitsPerSecond(nowMs) + (bytes * 8L) > budget)
        {
            RetransmissionsOverBudget++;
            return false;
        }

        _retransmitted.Add(bytes, nowMs);
        return true;
    }
}
