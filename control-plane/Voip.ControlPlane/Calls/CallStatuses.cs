namespace Voip.ControlPlane.Calls;

/// <summary>
/// The seed's final statuses (completed, missed, rejected, failed) plus the live ones a call passes through
/// before it ends: <see cref="Initiated"/> (ringing) and <see cref="Active"/>.
/// </summary>
public static class CallStatuses
{
    public const string Initiated = "initiated";
    public const string Active = "active";
    public const string Completed = "completed";
    public const string Missed = "missed";
    public const string Rejected = "rejected";
    public const string Failed = "failed";
}
