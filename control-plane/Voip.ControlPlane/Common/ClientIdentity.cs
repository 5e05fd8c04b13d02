namespace Voip.ControlPlane.Common;

/// <summary>
/// The key that rate limits count a client under: its remote address (which the forwarded-headers middleware
/// rewrites when TRUST_FORWARDED_HEADERS is set, for deployments behind a load balancer).
/// </summary>
public static class ClientIdentity
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }
}
