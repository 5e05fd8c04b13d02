namespace Voip.Media.Net;

/// <summary>
/// Where an in-memory <see cref="UdpShard"/> sends: instead of sendmmsg(2), each flushed send slot is handed
/// here. Lets tests and benchmarks run the whole packet path (SRTP, routing, per-consumer rewrite and
/// encryption into the send slots) without a socket or a thread.
/// </summary>
internal interface IDatagramSink
{
    /// <summary>
    /// One datagram leaving the shard. <paramref name="datagram"/> is the send slot itself: valid only during
    /// the call. Called on the shard's caller thread from flushes, and from any thread for
    /// <see cref="UdpShard.SendFromAnyThread"/> (DTLS), so an implementation that sees both must be thread-safe.
    /// </summary>
    void OnSend(ReadOnlySpan<byte> datagram, in UdpEndpoint to);
}
