namespace Voip.ControlPlane.Common;

/// <summary>Turns <see cref="ApiException"/>s, bad requests and unexpected failures into <see cref="ApiError"/> bodies.</summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException ex)
        {
            CommonLog.ApiFailure(logger, ex.Code, ex.StatusCode, ex.Message);
            if (ex.RetryAfterSeconds is { } retry)
            {
                context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await WriteAsync(context, ex.StatusCode, new ApiError(ex.Code, ex.Message));
        }
        catch (BadHttpRequestException ex)
        {
            await WriteAsync(context, ex.StatusCode, new ApiError(ErrorCodes.Validation, ex.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex)
        {
            CommonLog.Unhandled(logger, ex, context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, new ApiError(ErrorCodes.Internal, "Internal server error"));
        }
    }

    public static Task WriteAsync(HttpContext context, int status, ApiError error)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(error, VoipJsonContext.Default.ApiError);
    }
}
