namespace Voip.ControlPlane.Rooms;

internal static partial class RoomsLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Room {RoomId} session {CallId} started on engine {Engine} (router {RouterId})")]
    public static partial void SessionStarted(ILogger logger, string roomId, string callId, string engine, string routerId);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Room {RoomId} session {CallId} ended as {Status} ({Reason})")]
    public static partial void SessionEnded(ILogger logger, string roomId, string callId, string status, string reason);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Room {RoomId}: engine call failed for {UserId}")]
    public static partial void EngineCallFailed(ILogger logger, Exception exception, string roomId, string userId);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Error, Message = "Room {RoomId}: writing the call record failed")]
    public static partial void HistoryFailed(ILogger logger, Exception exception, string roomId);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Error, Message = "Room handler for {Event} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Debug, Message = "Room {RoomId}: cleanup of an engine object failed")]
    public static partial void CleanupFailed(ILogger logger, Exception exception, string roomId);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Warning, Message = "Room maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);
}
