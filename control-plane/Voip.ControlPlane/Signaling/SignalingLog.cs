namespace Voip.ControlPlane.Signaling;

internal static partial class SignalingLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Socket {Sid} connected for user {UserId}")]
    public static partial void Connected(ILogger logger, string sid, string userId);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Socket {Sid} closed")]
    public static partial void Closed(ILogger logger, string sid);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Socket {Sid} failed")]
    public static partial void Failed(ILogger logger, Exception exception, string sid);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Call {CallId} ended as {Status} ({Reason}, {Duration} s)")]
    public static partial void CallEnded(ILogger logger, string callId, string status, string reason, int duration);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "Signaling handler for {Event} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string @event);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Call timer for {CallId} failed")]
    public static partial void TimerFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Call {CallId} ringing: {CallerId} -> {CalleeId}")]
    public static partial void Ringing(ILogger logger, string callId, string callerId, string calleeId);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Dropped malformed signal for user {UserId}")]
    public static partial void MalformedEnvelope(ILogger logger, string userId);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "History write for call {CallId} failed")]
    public static partial void HistoryWriteFailed(ILogger logger, Exception exception, string callId);
}
