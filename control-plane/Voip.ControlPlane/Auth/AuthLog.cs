namespace Voip.ControlPlane.Auth;

internal static partial class AuthLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "User {UserId} registered")]
    public static partial void Registered(ILogger logger, string userId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Failed login for an account from {Client}")]
    public static partial void LoginFailed(ILogger logger, string client);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Refresh token reuse detected for user {UserId}; session {SessionId} revoked")]
    public static partial void RefreshReuse(ILogger logger, string userId, string sessionId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Session {SessionId} of user {UserId} logged out")]
    public static partial void LoggedOut(ILogger logger, string userId, string sessionId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Development JWT secret in use; set JWT_SECRET before exposing this server")]
    public static partial void DevelopmentSecret(ILogger logger);
}
