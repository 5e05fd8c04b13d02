namespace Voip.Media.Routing;

/// <summary>A control-path request the routing layer cannot honour (bad parameters, unknown ids); the message says what to change.</summary>
public sealed class RoutingException(RoutingError error, string message) : Exception(message)
{
    public RoutingError Error { get; } = error;
}
