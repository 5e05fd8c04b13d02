namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>
/// One history write, carrying the whole call so that whichever write reaches the file first can create the row:
/// with several replicas the status change of a call may be committed by another replica before the replica that
/// rang it committed its insert (rings are not held back for the insert).
/// </summary>
/// <param name="Quality">A status write of a call through the media engine: its measured quality, written with the status.</param>
/// <param name="StartTime">The ring time (create), the accept time (accept), or the start to use if the row is missing (status).</param>
public readonly record struct SqliteCallWrite(
    SqliteCallWriteKind Kind,
    string CallId,
    string CallerId,
    string CalleeId,
    string CallType,
    DateTimeOffset StartTime,
    string Status,
    DateTimeOffset? EndTime,
    int Duration,
    Voip.ControlPlane.Calls.CallQualityReport? Quality = null);
