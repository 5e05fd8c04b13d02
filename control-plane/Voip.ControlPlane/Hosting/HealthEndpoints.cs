using Voip.ControlPlane.Common;
using Voip.ControlPlane.Storage;

namespace Voip.ControlPlane.Hosting;

/// <summary>/healthz: the process answers. /readyz: every <see cref="IDependencyCheck"/> (store, Redis) answers.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("ok"))).WithTags("Health");
        app.MapGet("/readyz", async (IEnumerable<IDependencyCheck> checks, ILogger<HealthResponse> logger, CancellationToken cancellationToken) =>
        {
            var results = new Dictionary<string, string>();
            var ready = true;
            foreach (var check in checks)
            {
                bool ok;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(2));
                    ok = await check.IsReadyAsync(timeout.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    StorageLog.CheckFailed(logger, ex, check.Name);
                    ok = false;
                }

                results[check.Name] = ok ? "ok" : "unavailable";
                ready &= ok;
            }

            return Results.Json(new HealthResponse(ready ? "ok" : "unavailable", results), VoipJsonContext.Default.HealthResponse, statusCode: ready ? 200 : 503);
        }).WithTags("Health");
        return app;
    }
}
