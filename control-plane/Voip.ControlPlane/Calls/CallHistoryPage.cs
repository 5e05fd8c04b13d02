namespace Voip.ControlPlane.Calls;

public sealed record CallHistoryPage(IReadOnlyList<CallHistoryEntry> Calls, long Total);
