namespace Voip.ControlPlane.RateLimiting;

/// <summary>The result of counting one request: whether it is allowed, and the counter keys to undo on success.</summary>
public readonly record struct RateLimitDecision(bool Allowed, int RetryAfterSeconds, long Remaining, IReadOnlyList<string> Keys);
