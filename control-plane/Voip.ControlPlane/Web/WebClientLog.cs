namespace Voip.ControlPlane.Web;

internal static partial class WebClientLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Warning, Message = "Web client not found at {Root}; serving the API only (build the control plane to produce it)")]
    public static partial void Missing(ILogger logger, string root);
}
