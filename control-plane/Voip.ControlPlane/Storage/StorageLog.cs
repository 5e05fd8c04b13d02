namespace Voip.ControlPlane.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "SQLite store at {Path}, schema version {Version}")]
    public static partial void SqliteReady(ILogger logger, string path, long version);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "MongoDB store on database {Database}, indexes ensured")]
    public static partial void MongoReady(ILogger logger, string database);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis at {Endpoint} for revocation, rate limits, presence and events")]
    public static partial void RedisReady(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Readiness check {Name} failed")]
    public static partial void CheckFailed(ILogger logger, Exception exception, string name);
}
