namespace Voip.ControlPlane.Storage.Sqlite;

/// <summary>What a queued history write does to a call (see <see cref="SqliteCallBatchWriter"/>).</summary>
public enum SqliteCallWriteKind
{
    /// <summary>The call rings: insert it unless it already exists (a replica wrote a later state first).</summary>
    Create,

    /// <summary>The callee answered: status active, start time = the accept.</summary>
    Accept,

    /// <summary>The call moved to a final (or other) status with end time and duration.</summary>
    Status,
}
