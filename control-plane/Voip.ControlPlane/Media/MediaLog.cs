namespace Voip.ControlPlane.Media;

internal static partial class MediaLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Media engine {Engine} connected (version {Version})")]
    public static partial void Connected(ILogger logger, string engine, string version);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Media engine {Engine} lost: {Reason}")]
    public static partial void Lost(ILogger logger, string engine, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Media engine {Engine} unreachable (attempt {Attempt}): {Reason}; next try in {Delay}")]
    public static partial void Unreachable(ILogger logger, string engine, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Media engine listener failed for {Engine}")]
    public static partial void ListenerFailed(ILogger logger, Exception exception, string engine);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Media engine {Engine} registered itself; connecting")]
    public static partial void Discovered(ILogger logger, string engine);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Media engine {Engine} is no longer registered and unreachable; forgotten")]
    public static partial void Deregistered(ILogger logger, string engine);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Cannot read the registered media engines from Redis: {Reason}; the engines known so far stay in use")]
    public static partial void DiscoveryFailed(ILogger logger, string reason);
}
