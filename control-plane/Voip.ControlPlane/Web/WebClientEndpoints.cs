using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Web;

/// <summary>
/// The browser client at <c>/</c>: static files from <c>web/</c> beside the assembly (copied there from
/// Web/wwwroot at build time, with socket.io-client from npm), client-side routes answered with index.html
/// (SPA fallback), and <c>/config.json</c> with the ICE servers the client should use.
/// </summary>
public static class WebClientEndpoints
{
    /// <summary>Folder beside the assembly that holds the built client (see the csproj's WebClient targets).</summary>
    public const string FolderName = "web";

    public const string IndexFile = "index.html";

    /// <summary>Server paths the fallback never answers with the client: unknown API paths stay JSON 404s.</summary>
    private static readonly string[] ServerPrefixes = ["/api", "/socket.io", "/docs", "/openapi", "/healthz", "/readyz"];

    public static string DefaultRoot => Path.Combine(AppContext.BaseDirectory, FolderName);

    /// <summary>Serves the client when its folder exists; without it (a build that skipped the client) the API runs alone.</summary>
    public static WebApplication UseWebClient(this WebApplication app, string? root = null)
    {
        root ??= DefaultRoot;
        if (!File.Exists(Path.Combine(root, IndexFile)))
        {
            WebClientLog.Missing(app.Logger, root);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = static c => WebClientHeaders.Apply(c.Context.Response),
        });

        var server = app.Services.GetRequiredService<ServerOptions>();
        var config = BuildConfig(server);
        app.MapGet("/config.json", (HttpContext context) =>
        {
            WebClientHeaders.Apply(context.Response);
            return Results.Text(config, "application/json; charset=utf-8");
        }).ExcludeFromDescription();

        // SPA fallback as middleware rather than a fallback endpoint: only requests that matched no endpoint at all
        // get index.html, so a wrong method on an API route keeps its 405 and unknown API paths their JSON 404.
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint() is not null || !IsClientRoute(context.Request))
            {
                await next(context);
                return;
            }

            var index = files.GetFileInfo(IndexFile);
            WebClientHeaders.Apply(context.Response);
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.ContentLength = index.Length;
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.SendFileAsync(index, context.RequestAborted);
            }
        });
        return app;
    }

    /// <summary>GET/HEAD of a path outside the server's own prefixes whose last segment has no extension (not a file).</summary>
    internal static bool IsClientRoute(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        var path = request.Path;
        if (Array.Exists(ServerPrefixes, p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var value = path.Value ?? "/";
        return !value[(value.LastIndexOf('/') + 1)..].Contains('.', StringComparison.Ordinal);
    }

    /// <summary><c>{"iceServers":[{"urls":"stun:…"}]}</c> from STUN_SERVER; TURN needs per-user credentials (a later slice).</summary>
    internal static string BuildConfig(ServerOptions server)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("iceServers");
            if (server.StunServer is { } stun)
            {
                w.WriteStartObject();
                w.WriteString("urls", stun);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
