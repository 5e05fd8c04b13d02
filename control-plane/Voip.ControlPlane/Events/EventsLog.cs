namespace Voip.ControlPlane.Events;

internal static partial class EventsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Error, Message = "Event handler for topic {Topic} failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Dropped malformed bus message on {Topic}")]
    public static partial void Malformed(ILogger logger, string topic);
}
