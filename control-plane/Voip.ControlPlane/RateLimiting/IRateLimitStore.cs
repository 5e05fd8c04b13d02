namespace Voip.ControlPlane.RateLimiting;

/// <summary>Counters behind the rate limits: Redis when configured (shared by replicas), in-process otherwise.</summary>
public interface IRateLimitStore
{
    /// <summary>Adds one to the counter, creating it with the given time to live; returns the new value.</summary>
    Task<long> IncrementAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Takes one back (a successful authentication is not counted, seed §7.3.1 skipSuccessfulRequests).</summary>
    Task DecrementAsync(string key, CancellationToken cancellationToken);
}
