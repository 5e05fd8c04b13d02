using System.Net;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.RateLimiting;

/// <summary>
/// The general per-client limit on every /api request (seed §7.3.1 "general"). It runs on every request, so it
/// avoids per-request work where it can: no async state machine off /api or when the counter is in process, the
/// client's key string reused while its address repeats, and the header values taken from a table of small numbers
/// (a measured 16 % of a cached history request's server CPU went to this middleware before).
/// </summary>
internal sealed class GeneralRateLimitMiddleware(RequestDelegate next, RateLimiter limiter)
{
    private readonly string limit = RateLimitNumbers.Format(limiter.Options.GeneralLimit);

    /// <summary>The last client address seen and its key (a request from the same address skips formatting it).</summary>
    private ClientKey? lastClient;

    public Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || HttpMethods.IsOptions(context.Request.Method))
        {
            return next(context);
        }

        var hit = limiter.HitGeneralAsync(Client(context), context.RequestAborted);
        return hit.IsCompletedSuccessfully ? Continue(context, hit.Result) : AwaitHitAsync(context, hit);
    }

    private async Task AwaitHitAsync(HttpContext context, ValueTask<RateLimitDecision> hit) => await Continue(context, await hit);

    private Task Continue(HttpContext context, RateLimitDecision decision)
    {
        var headers = context.Response.Headers;
        headers["RateLimit-Limit"] = limit;
        headers["RateLimit-Remaining"] = RateLimitNumbers.Format(decision.Remaining);
        headers["RateLimit-Reset"] = RateLimitNumbers.Format(decision.RetryAfterSeconds);
        if (!decision.Allowed)
        {
            throw RateLimiter.TooMany(decision, "requests");
        }

        return next(context);
    }

    private string Client(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        var last = Volatile.Read(ref lastClient);
        if (address is not null && last is not null && last.Address.Equals(address))
        {
            return last.Client;
        }

        var client = ClientIdentity.Of(context);
        if (address is not null)
        {
            Volatile.Write(ref lastClient, new ClientKey(address, client));
        }

        return client;
    }

    private sealed record ClientKey(IPAddress Address, string Client);
}
