using System.Globalization;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>The general per-client limit on every /api request (seed §7.3.1 "general").</summary>
internal sealed class GeneralRateLimitMiddleware(RequestDelegate next, RateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }

        var decision = await limiter.HitGeneralAsync(ClientIdentity.Of(context), context.RequestAborted);
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = limiter.Options.GeneralLimit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Reset"] = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        if (!decision.Allowed)
        {
            throw RateLimiter.TooMany(decision, "requests");
        }

        await next(context);
    }
}
