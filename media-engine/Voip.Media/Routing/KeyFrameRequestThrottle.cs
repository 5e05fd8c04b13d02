namespace Voip.Media.Routing;

/// <summary>
/// Limits key-frame requests (PLI, RFC 4585 §6.3.1; FIR, RFC 5104 §4.3.1) sent to one publisher's stream
/// to one per interval: every subscriber that joins, resumes, switches layer or loses packets asks for a key
/// frame, and each key frame costs the publisher several times a normal frame's bits. A request refused
/// inside the interval is remembered, and <see cref="TakePending"/> grants it once the interval has passed,
/// so the last subscriber's request is served late rather than never. Single-threaded.
/// </summary>
public sealed class KeyFrameRequestThrottle
{
    private long _lastMs;
    private bool _hasSent;

    public KeyFrameRequestThrottle(int minIntervalMs = 500)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minIntervalMs);
        MinIntervalMs = minIntervalMs;
    }

    public int MinIntervalMs { get; }

    /// <summary>A request was refused and is still waiting for <see cref="TakePending"/>.</summary>
    public bool HasPending { get; private set; }

    /// <summary>Requests refused (each one left pending).</summary>
    public long Throttled { get; private set; }

    /// <summary>True when a request may go out now (and starts the interval); otherwise it is remembered.</summary>
    public bool TryRequest(long nowMs)
    {
        if (!_hasSent || nowMs - _lastMs >= MinIntervalMs)
        {
            Grant(nowMs);
            return true;
        }

        HasPending = true;
        Throttled++;
        return false;
    }

    /// <summary>True once, when a remembered request may go out now (call it from the owner's timer).</summary>
    public bool TakePending(long nowMs)
    {
        if (!HasPending || nowMs - _lastMs < MinIntervalMs)
        {
            return false;
        }

        Grant(nowMs);
        return true;
    }

    public void Reset()
    {
        _hasSent = false;
        HasPending = false;
    }

    private void Grant(long nowMs)
    {
        _hasSent = true;
        _lastMs = nowMs;
        HasPending = false;
    }
}
