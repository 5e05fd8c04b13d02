using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// Signaling settings: Engine.IO heartbeat (SIGNALING_PING_INTERVAL, SIGNALING_PING_TIMEOUT), call timers
/// (CALL_RING_TIMEOUT, CALL_RECONNECT_GRACE), frame size and per-socket event rate. Allowed WebSocket origins
/// are the CORS_ORIGINS list.
/// </summary>
public sealed class SignalingOptions
{
    /// <summary>Socket.IO's own defaults (25 s / 20 s).</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(25);

    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ReconnectGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a client has to send the namespace CONNECT after the Engine.IO open.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest Engine.IO packet accepted (and announced as maxPayload); bigger frames close the socket.</summary>
    public int MaxPayload { get; init; } = 64 * 1024;

    /// <summary>Sustained events per second per socket, and the burst above it (token bucket).</summary>
    public int EventsPerSecond { get; init; } = 50;

    public int EventBurst { get; init; } = 100;

    /// <summary>Outgoing frames queued per socket; a client that falls this far behind is disconnected.</summary>
    public int SendQueueCapacity { get; init; } = 512;

    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Presence entries live for one heartbeat round and are refreshed by every pong.</summary>
    public TimeSpan PresenceTimeToLive => PingInterval + PingTimeout;

    public static SignalingOptions Read(IConfiguration configuration, ServerOptions server)
    {
        var reader = new SettingsReader(configuration);
        var options = new SignalingOptions
        {
            PingInterval = reader.Duration("SIGNALING_PING_INTERVAL", TimeSpan.FromSeconds(25)),
            PingTimeout = reader.Duration("SIGNALING_PING_TIMEOUT", TimeSpan.FromSeconds(20)),
            RingTimeout = reader.Duration("CALL_RING_TIMEOUT", TimeSpan.FromSeconds(30)),
            ReconnectGrace = reader.Duration("CALL_RECONNECT_GRACE", TimeSpan.FromSeconds(10)),
            MaxPayload = reader.Int("SIGNALING_MAX_PAYLOAD", 64 * 1024, 1024, 1024 * 1024),
            EventsPerSecond = reader.Int("SIGNALING_EVENTS_PER_SECOND", 50, 1, 100_000),
            EventBurst = reader.Int("SIGNALING_EVENT_BURST", 100, 1, 100_000),
            AllowedOrigins = server.CorsOrigins,
        };
        if (options.PingInterval <= TimeSpan.Zero || options.PingTimeout <= TimeSpan.Zero || options.RingTimeout <= TimeSpan.Zero)
        {
            reader.Fail("SIGNALING_PING_INTERVAL, SIGNALING_PING_TIMEOUT and CALL_RING_TIMEOUT must be positive");
        }

        if (reader.Errors.Count > 0)
        {
            throw new StartupValidationException(reader.Errors);
        }

        return options;
    }
}
