namespace Voip.ControlPlane.Calls;

/// <summary>
/// 200 with a finished GET /api/calls/history body. The length is known, so Kestrel sends a Content-Length
/// header and the body in one write instead of chunked framing plus a terminating chunk.
/// </summary>
public sealed class CallHistoryJsonResult(byte[] body) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length, httpContext.RequestAborted);
    }
}
