using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Events;
using Voip.ControlPlane.Hosting;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Presence;
using Voip.ControlPlane.RateLimiting;
using Voip.ControlPlane.Rooms;
using Voip.ControlPlane.Signaling;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Redis;
using Voip.ControlPlane.Users;
using Voip.ControlPlane.Web;

namespace Voip.ControlPlane;

/// <summary>
/// Builds the control plane. Program.cs and the tests both use it; later features (signaling, web client,
/// engine client) add their folders' Add…/Map… calls here.
/// </summary>
public static class VoipApp
{
    public const string CorsPolicy = "voip";

    /// <summary>
    /// Creates the application. <paramref name="configure"/> runs first, so callers (tests) can add
    /// configuration sources and replace services (e.g. <see cref="TimeProvider"/>) before the features read them.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var environmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? VoipEnvironment.FromNodeEnv(Environment.GetEnvironmentVariable("NODE_ENV"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = WithoutConfigWatcher(args), EnvironmentName = environmentName });
        configure?.Invoke(builder);

        var settings = VoipSettings.Read(builder.Configuration, builder.Environment);
        QuietRequestDiagnostics(builder);
        var services = builder.Services;
        if (builder.Configuration["ASPNETCORE_URLS"] is null && builder.Configuration["URLS"] is null)
        {
            builder.WebHost.UseUrls($"http://{settings.Server.Host}:{settings.Server.Port}");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Server);
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, VoipJsonContext.Default);
            o.SerializerOptions.Converters.Add(new UtcDateTimeOffsetConverter());
        });
        services.AddOpenApi();
        services.AddCors(o => o.AddPolicy(CorsPolicy, p => p
            .WithOrigins([.. settings.Server.CorsOrigins])
            .WithMethods("GET", "POST", "PATCH", "DELETE")
            .WithHeaders("Authorization", "Content-Type")
            .WithExposedHeaders("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        services.Configure<PresenceOptions>(o => o.Enforce |= settings.EnforcePresence);

        services.AddVoipStorage(settings.Storage);
        if (settings.Redis is not null)
        {
            services.AddVoipRedis(settings.Redis);
        }

        services.TryAddSingleton<IEventBus, InMemoryEventBus>();
        services.TryAddSingleton<IPresenceTracker, InMemoryPresenceTracker>();
        services.AddVoipAuth(settings.Auth, settings.RateLimits);
        services.AddVoipUsers();
        services.AddVoipCalls();
        services.AddVoipSignaling(builder.Configuration, settings);
        services.AddVoipMedia(builder.Configuration);
        services.AddVoipRooms(builder.Configuration);

        var app = builder.Build();
        CheckPasswordCost(app);
        if (settings.Auth.JwtSecret == AuthOptions.DevelopmentSecret)
        {
            AuthLog.DevelopmentSecret(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Voip.ControlPlane.Auth"));
        }

        if (settings.Server.TrustForwardedHeaders)
        {
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        }

        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseStatusCodePages(context => WriteStatusErrorAsync(context.HttpContext));
        app.UseCors(CorsPolicy);
        app.UseMiddleware<GeneralRateLimitMiddleware>();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs");
        app.MapHealthEndpoints();
        app.MapAuthEndpoints();
        app.MapUserEndpoints();
        app.MapCallEndpoints();
        app.MapRoomEndpoints();
        app.UseVoipSignaling();
        app.UseWebClient();
        return app;
    }

    /// <summary>The listening base address once started (useful with PORT=0).</summary>
    public static Uri GetBaseAddress(this WebApplication app)
    {
        var address = app.Urls.First();
        return new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>
    /// The default host watches the content root (recursively) for appsettings changes; we ship no appsettings
    /// files, and the SQLite file lives under the content root by default (data/voip.db), so every WAL write was an
    /// inotify event for the watcher thread to process. Unless the operator asked for it, the watcher is off.
    /// </summary>
    private static string[] WithoutConfigWatcher(string[] args)
    {
        const string key = "hostBuilder:reloadConfigOnChange";
        if (Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange") is not null
            || Array.Exists(args, a => a.Contains(key, StringComparison.OrdinalIgnoreCase)))
        {
            return args;
        }

        return [.. args, $"--{key}=false"];
    }

    /// <summary>
    /// Hosting's diagnostics category only logs each request's start and end (Information), but while it is enabled
    /// at any level the host opens a logging scope and an Activity for every request (~12 % of a cached history
    /// request's server CPU). When the configured level for it is above Information those logs are off anyway, so
    /// the category is switched off; a start-up failure still ends the process with its exception.
    /// </summary>
    private static void QuietRequestDiagnostics(WebApplicationBuilder builder)
    {
        const string category = "Microsoft.AspNetCore.Hosting.Diagnostics";
        var levels = builder.Configuration.GetSection("Logging:LogLevel");
        string? configured = null;
        // The most specific configured prefix of the category wins, as in the logging filter rules.
        for (var name = category; configured is null; name = name[..name.LastIndexOf('.')])
        {
            configured = levels[name];
            if (!name.Contains('.', StringComparison.Ordinal))
            {
                break;
            }
        }

        configured ??= levels["Default"];
        if (Enum.TryParse<LogLevel>(configured, ignoreCase: true, out var level) && level > LogLevel.Information)
        {
            builder.Logging.AddFilter(category, LogLevel.None);
        }
    }

    private static void CheckPasswordCost(WebApplication app)
    {
        var iterations = app.Services.GetRequiredService<IOptions<PasswordHasherOptions>>().Value.Iterations;
        if (iterations < PasswordHasherOptions.DefaultIterations && !app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            throw new StartupValidationException([$"PBKDF2 iterations lowered to {iterations}; only allowed in Development or Testing (default {PasswordHasherOptions.DefaultIterations})"]);
        }
    }

    private static Task WriteStatusErrorAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var error = status switch
        {
            StatusCodes.Status404NotFound => new ApiError(ErrorCodes.NotFound, $"No endpoint at {context.Request.Method} {context.Request.Path}"),
            StatusCodes.Status405MethodNotAllowed => new ApiError(ErrorCodes.MethodNotAllowed, $"{context.Request.Method} is not allowed on {context.Request.Path}"),
            StatusCodes.Status415UnsupportedMediaType => new ApiError(ErrorCodes.Validation, "Content-Type must be application/json"),
            _ => new ApiError(status >= 500 ? ErrorCodes.Internal : ErrorCodes.Validation, $"HTTP {status}"),
        };
        return context.Response.WriteAsJsonAsync(error, VoipJsonContext.Default.ApiError);
    }
}
