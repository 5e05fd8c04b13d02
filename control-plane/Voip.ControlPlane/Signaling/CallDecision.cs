namespace Voip.ControlPlane.Signaling;

/// <summary>How a ringing call was settled; exactly one decision wins per call (first accept wins).</summary>
public static class CallDecision
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Missed = "missed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}
