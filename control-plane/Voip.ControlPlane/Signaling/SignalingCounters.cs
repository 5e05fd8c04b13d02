namespace Voip.ControlPlane.Signaling;

/// <summary>What the signaling endpoint dropped or refused, per replica (bad input is counted, not thrown).</summary>
public sealed class SignalingCounters
{
    private long connections;
    private long refusedConnects;
    private long malformedFrames;
    private long oversizedFrames;
    private long unknownEvents;
    private long invalidPayloads;
    private long rateLimited;
    private long forbidden;
    private long heartbeatTimeouts;
    private long slowConsumers;

    public long Connections => Interlocked.Read(ref connections);

    public long RefusedConnects => Interlocked.Read(ref refusedConnects);

    public long MalformedFrames => Interlocked.Read(ref malformedFrames);

    public long OversizedFrames => Interlocked.Read(ref oversizedFrames);

    public long UnknownEvents => Interlocked.Read(ref unknownEvents);

    public long InvalidPayloads => Interlocked.Read(ref invalidPayloads);

    public long RateLimited => Interlocked.Read(ref rateLimited);

    /// <summary>Events about a call the sender does not belong to (e.g. injected ice-candidate).</summary>
    public long Forbidden => Interlocked.Read(ref forbidden);

    public long HeartbeatTimeouts => Interlocked.Read(ref heartbeatTimeouts);

    public long SlowConsumers => Interlocked.Read(ref slowConsumers);

    internal void Connection() => Interlocked.Increment(ref connections);

    internal void RefusedConnect() => Interlocked.Increment(ref refusedConnects);

    internal void Malformed() => Interlocked.Increment(ref malformedFrames);

    internal void Oversized() => Interlocked.Increment(ref oversizedFrames);

    internal void UnknownEvent() => Interlocked.Increment(ref unknownEvents);

    internal void InvalidPayload() => Interlocked.Increment(ref invalidPayloads);

    internal void Limited() => Interlocked.Increment(ref rateLimited);

    internal void Denied() => Interlocked.Increment(ref forbidden);

    internal void HeartbeatTimeout() => Interlocked.Increment(ref heartbeatTimeouts);

    internal void SlowConsumer() => Interlocked.Increment(ref slowConsumers);
}
