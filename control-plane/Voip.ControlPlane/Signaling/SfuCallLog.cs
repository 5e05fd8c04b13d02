namespace Voip.ControlPlane.Signaling;

/// <summary>Logs of 1:1 calls through the media engine (their own ids, apart from the rest of signaling's).</summary>
internal static partial class SfuCallLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Call {CallId} goes through the media engine (room opened)")]
    public static partial void RoomOpened(ILogger logger, string callId);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Call {CallId}: closing its media room failed")]
    public static partial void RoomCloseFailed(ILogger logger, Exception exception, string callId);
}
