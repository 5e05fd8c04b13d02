namespace Voip.ControlPlane.Common;

internal static partial class CommonLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Request failed with {Code} ({Status}): {Message}")]
    public static partial void ApiFailure(ILogger logger, string code, int status, string message);
}
