using Microsoft.Extensions.Logging;

namespace Voip.Media.Host.Registration;

internal static partial class RegistrationLog
{
    [LoggerMessage(1, LogLevel.Information, "Registered with Redis {Host}:{Port} as {Url} (heartbeat every {Interval})")]
    public static partial void Registered(ILogger logger, string host, int port, string url, TimeSpan interval);

    [LoggerMessage(2, LogLevel.Warning, "Cannot register with Redis {Host}:{Port}: {Reason}; retrying in {Delay}. Check --register-redis / VOIP_MEDIA_REGISTER_REDIS and the password")]
    public static partial void Failed(ILogger logger, string host, int port, string reason, TimeSpan delay);

    [LoggerMessage(3, LogLevel.Information, "Unregistered {Url} from Redis")]
    public static partial void Unregistered(ILogger logger, string url);
}
