namespace Voip.ControlPlane.Calls;

/// <summary>One recording of a call (seed §4.3.1 recordings[]); duration in seconds, size in bytes.</summary>
public sealed record CallRecording(string RecordingId, string FileName, int Duration, long Size, DateTimeOffset CreatedAt);
