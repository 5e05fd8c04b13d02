namespace Voip.ControlPlane.Calls;

/// <summary>The <see cref="CallHistoryVersions"/> counters a cached history page was read under.</summary>
public readonly record struct CallHistoryStamp(long Calls, long Users);
