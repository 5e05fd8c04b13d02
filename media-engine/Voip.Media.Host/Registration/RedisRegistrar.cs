using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Voip.Media.Diagnostics;
using Voip.Media.Engine;

namespace Voip.Media.Host.Registration;

/// <summary>
/// Heartbeats this engine into Redis every <see cref="RegistrationSettings.Interval"/>: adds its URL to the engine
/// set and writes its load under its own key with a time-to-live, so control planes find it (and place rooms by its
/// load) without being configured with it, and forget it once it stops. A lost Redis is retried with backoff; the
/// engine keeps serving meanwhile. On a clean stop the entry is removed at once.
/// </summary>
public sealed class RedisRegistrar(RegistrationSettings settings, string url, MediaEngine engine, EngineLoadSampler load, ILogger logger)
{
    public string Url => url;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var redis = await RespConnection.ConnectAsync(settings.RedisHost!, settings.RedisPort, settings.RedisPassword, stoppingToken).ConfigureAwait(false);
                await HeartbeatAsync(redis, stoppingToken).ConfigureAwait(false);
                RegistrationLog.Registered(logger, settings.RedisHost!, settings.RedisPort, url, settings.Interval);
                attempt = 0;
                while (true)
                {
                    await Task.Delay(settings.Interval, stoppingToken).ConfigureAwait(false);
                    await HeartbeatAsync(redis, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or RespException)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(attempt++, 6))));
                RegistrationLog.Failed(logger, settings.RedisHost!, settings.RedisPort, ex.Message, delay);
                try
                {
                    await Task.Delay(delay, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        await UnregisterAsync().ConfigureAwait(false);
    }

    /// <summary>This engine's entry: what GetEngineInfo reports for placement, plus when it was written.</summary>
    public string LoadJson()
    {
        var (cpu, pps) = load.Current;
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("url", url);
            json.WriteNumber("cpuLoad", Math.Round(cpu, 3));
            json.WriteNumber("forwardedPacketsPerSecond", pps);
            json.WriteNumber("transports", engine.TransportCount);
            json.WriteNumber("routers", engine.RouterCount);
            json.WriteNumber("producers", engine.ProducerCount);
            json.WriteNumber("consumers", engine.ConsumerCount);
            json.WriteNumber("atUnixMs", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private async Task HeartbeatAsync(RespConnection redis, CancellationToken cancellationToken)
    {
        var ttl = ((long)settings.TimeToLive.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await redis.CommandAsync(cancellationToken, "SET", settings.EngineKey(url), LoadJson(), "PX", ttl).ConfigureAwait(false);
        await redis.CommandAsync(cancellationToken, "SADD", settings.SetKey, url).ConfigureAwait(false);
    }

    /// <summary>Best effort within a second: an engine that cannot reach Redis now simply expires.</summary>
    private async Task UnregisterAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await using var redis = await RespConnection.ConnectAsync(settings.RedisHost!, settings.RedisPort, settings.RedisPassword, timeout.Token).ConfigureAwait(false);
            await redis.CommandAsync(timeout.Token, "DEL", settings.EngineKey(url)).ConfigureAwait(false);
            await redis.CommandAsync(timeout.Token, "SREM", settings.SetKey, url).ConfigureAwait(false);
            RegistrationLog.Unregistered(logger, url);
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Net.Sockets.SocketException or IOException or RespException)
        {
        }
    }
}
