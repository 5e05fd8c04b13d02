namespace Voip.ControlPlane.Web;

/// <summary>Caching and security headers on every web-client response (not on the API or /docs).</summary>
internal static class WebClientHeaders
{
    /// <summary>
    /// Only our own scripts and styles (no inline code, so an injected string cannot run); media and images may be
    /// blob:/data: (local previews); connect-src 'self' covers same-origin ws:/wss: (CSP3 §6.7.2.8). No framing.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
        "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        // File names carry no content hash, so every load revalidates (ETag / Last-Modified make that a 304).
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(self), microphone=(self), display-capture=(), geolocation=(), payment=()";
    }
}
