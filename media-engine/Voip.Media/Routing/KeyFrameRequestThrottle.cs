namespace Voip.Media.Routing;

/// <summary>
/// At most one key-frame request per interval toward a publisher (a PLI storm from many subscribers
/// would otherwise make the encoder send nothing but key frames). A request inside the interval is
/// remembered and honoured once the interval has passed, so the last one is never lost.
/// </summary>
public sealed class KeyFrameRequestThrottle(int minIntervalMs = 500)
{
    private long _lastMs = long.MinValue;
    private bool _pending;

    public bool TryRequest(long nowMs)
    {
        if (_lastMs == long.MinValue || nowMs - _lastMs >= minIntervalMs)
        {
            _lastMs = nowMs;
            _pending = false;
            return true;
        }

        _pending = true;
        return false;
    }

    public bool TakePending(long nowMs)
    {
        if (_pending && nowMs - _lastMs >= minIntervalMs)
        {
            _pending = false;
            _lastMs = nowMs;
            return true;
        }

        return false;
    }

    public void Reset()
    {
        _lastMs = long.MinValue;
        _pending = false;
    }
}
