namespace Voip.ControlPlane.Calls;

internal static partial class CallsLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Call {CallId} initiated by {CallerId} to {CalleeId} ({CallType})")]
    public static partial void Initiated(ILogger logger, string callId, string callerId, string calleeId, string callType);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Publishing the event for call {CallId} failed; call marked failed")]
    public static partial void PublishFailed(ILogger logger, Exception exception, string callId);
}
