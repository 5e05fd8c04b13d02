using System.Text.Json;

namespace Voip.ControlPlane.Calls;

/// <summary>
/// 200 with the history JSON written by an <see cref="ICallHistoryJsonSource"/> into the response pipe. The
/// source writes all or nothing, so a failing query still leaves the response free for the error body.
/// </summary>
public sealed class CallHistoryJsonResult(ICallHistoryJsonSource source, JsonWriterOptions options, string userId, string? callType, int page, int limit) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var body = response.BodyWriter;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await source.WriteHistoryJsonAsync(body, options, userId, callType, page, limit, httpContext.RequestAborted);
        await body.FlushAsync(httpContext.RequestAborted);
    }
}
