namespace Voip.ControlPlane.Events;

/// <summary>Topic names on the bus.</summary>
public static class EventTopics
{
    /// <summary>Everything addressed to one user (delivered to that user's sockets by signaling).</summary>
    public static string User(string userId) => "user:" + userId;

    /// <summary>Call lifecycle events for every replica (analytics, presence of calls).</summary>
    public const string Calls = "calls";
}
