namespace Voip.Media.Routing;

/// <summary>Bits per second over a sliding one-second window of ten 100 ms buckets.</summary>
public sealed class BitrateMeter
{
    private const int Buckets = 10;
    private const int BucketMs = 100;
    private readonly long[] _bytes = new long[Buckets];
    private long _currentBucket = long.MinValue;

    public void Add(int bytes, long nowMs)
    {
        Advance(nowMs);
        _bytes[(int)(_currentBucket % Buckets)] += bytes;
    }

    public long GetBitsPerSecond(long nowMs)
    {
        Advance(nowMs);
        long sum = 0;
        foreach (long b in _bytes)
        {
            sum += b;
        }

        return sum * 8;
    }

    private void Advance(long nowMs)
    {
        long bucket = nowMs / BucketMs;
        if (_currentBucket == long.MinValue || bucket - _currentBucket >= Buckets)
        {
            Array.Clear(_bytes);
        }
        else
        {
            for (long b = _currentBucket + 1; b <= bucket; b++)
            {
                _bytes[(int)(b % Buckets)] = 0;
            }
        }

        if (bucket > _currentBucket || _currentBucket == long.MinValue)
        {
            _currentBucket = bucket;
        }
    }
}
