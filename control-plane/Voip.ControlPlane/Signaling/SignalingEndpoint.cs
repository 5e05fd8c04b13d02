using System.Net.WebSockets;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// <c>/socket.io/?EIO=4&amp;transport=websocket</c>: the Engine.IO handshake over a WebSocket. Only the websocket
/// transport is served (clients use <c>transports: ['websocket']</c>); anything else gets Engine.IO's error JSON
/// <c>{code, message}</c> with 400 (codes from the Engine.IO protocol: 0 transport unknown, 1 session id unknown,
/// 3 bad request, 4 forbidden, 5 unsupported protocol version).
/// </summary>
public static class SignalingEndpoint
{
    public const string Path = "/socket.io/";

    internal static async Task HandleAsync(HttpContext context)
    {
        var services = context.RequestServices.GetRequiredService<SignalingServices>();
        var query = context.Request.Query;
        if (query["EIO"] != "4")
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, 5, "Unsupported protocol version (EIO=4 only)");
            return;
        }

        if (query["transport"] != "websocket")
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, 0, "Transport unknown (only transport=websocket is served)");
            return;
        }

        if (query.ContainsKey("sid"))
        {
            // No polling sessions exist to upgrade.
            await RefuseAsync(context, StatusCodes.Status400BadRequest, 1, "Session ID unknown");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, 3, "Bad request (expected a WebSocket upgrade)");
            return;
        }

        // Browsers always send Origin; a cross-site page must not open a socket with a victim's token.
        // Non-browser clients (Node, native apps) send none and authenticate with the token alone. The web client
        // served by this very server is same-origin wherever it is reached from (a LAN address, a proxy's name),
        // so it needs no CORS_ORIGINS entry.
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsSameOrigin(origin, context.Request) && !IsAllowed(origin, services.Options.AllowedOrigins))
        {
            services.Counters.RefusedConnect();
            await RefuseAsync(context, StatusCodes.Status403Forbidden, 4, "Forbidden origin");
            return;
        }

        // A replica that is stopping takes no new sockets (the client retries elsewhere) and closes its own with
        // 1001 while its presence store and bus still work, so its users go offline at once and cleanly.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        if (stopping.IsCancellationRequested)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, 3, "Server is shutting down");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { DangerousEnableCompression = false });
        var connection = new SignalingConnection(socket, services);
        using var onStopping = stopping.Register(static c => ((SignalingConnection)c!).Abort(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"), connection);
        await connection.RunAsync(context.RequestAborted);
    }

    /// <summary>The page came from this server: its origin is the scheme and host this request was made to
    /// (after forwarded headers, when TRUST_FORWARDED_HEADERS lets a proxy say what the client used).</summary>
    private static bool IsSameOrigin(string origin, HttpRequest request)
    {
        if (!request.Host.HasValue)
        {
            return false;
        }

        // The upgrade request is http(s) to ASP.NET Core, as the page's origin is.
        return string.Equals(origin.TrimEnd('/'), string.Concat(request.Scheme, "://", request.Host.Value), StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsAllowed(string origin, IReadOnlyList<string> allowed)
    {
        var trimmed = origin.TrimEnd('/');
        foreach (var a in allowed)
        {
            if (string.Equals(a.TrimEnd('/'), trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Task RefuseAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            "{\"code\":" + code.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",\"message\":" + System.Text.Json.JsonSerializer.Serialize(message, SignalingJsonContext.Default.String) + "}");
    }
}
