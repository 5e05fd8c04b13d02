using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Media;

/// <summary>
/// Media engines to drive (MEDIA_ENGINES: comma-separated gRPC URLs, default the local engine on the seed's
/// port 3005; "none" when every engine registers itself through Redis), the optional shared token sent as <c>authorization: Bearer</c> (MEDIA_ENGINE_TOKEN), and the
/// timers of the registry: load polls, request deadline, reconnect backoff.
/// </summary>
public sealed class MediaOptions
{
    public const string DefaultEngine = "http://127.0.0.1:3005";

    public IReadOnlyList<Uri> Engines { get; init; } = [new Uri(DefaultEngine)];

    public string? Token { get; init; }

    /// <summary>How often each engine's load (GetEngineInfo) is read; a failed read counts as losing the engine.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Deadline of every engine call the control plane makes.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First reconnect delay after an engine is lost; doubles per failed attempt up to <see cref="ReconnectMax"/>.</summary>
    public TimeSpan ReconnectInitial { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(10);

    public static MediaOptions Read(IConfiguration configuration)
    {
        var reader = new SettingsReader(configuration);
        var engines = new List<Uri>();
        var list = configuration["MEDIA_ENGINES"];
        // "none": only engines that register themselves through Redis (voip-media --register-redis).
        if (string.Equals(list?.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            list = "";
        }
        else if (string.IsNullOrWhiteSpace(list))
        {
            list = DefaultEngine;
        }

        foreach (var item in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(item, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                engines.Add(uri);
            }
            else
            {
                reader.Fail($"MEDIA_ENGINES: '{item}' is not an http(s) URL (e.g. {DefaultEngine})");
            }
        }

        var options = new MediaOptions
        {
            Engines = engines,
            Token = string.IsNullOrEmpty(configuration["MEDIA_ENGINE_TOKEN"]) ? null : configuration["MEDIA_ENGINE_TOKEN"],
            PollInterval = reader.Duration("MEDIA_ENGINE_POLL_INTERVAL", TimeSpan.FromSeconds(2)),
            RequestTimeout = reader.Duration("MEDIA_ENGINE_TIMEOUT", TimeSpan.FromSeconds(5)),
        };
        if (options.PollInterval <= TimeSpan.Zero || options.RequestTimeout <= TimeSpan.Zero)
        {
            reader.Fail("MEDIA_ENGINE_POLL_INTERVAL and MEDIA_ENGINE_TIMEOUT must be positive");
        }

        if (reader.Errors.Count > 0)
        {
            throw new StartupValidationException(reader.Errors);
        }

        return options;
    }
}
