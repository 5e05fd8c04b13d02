namespace Voip.Media.Net;

/// <summary>
/// The engine's view of a shard: everything that arrives on the shard's socket is handed here, on the
/// shard thread. Implementations must not block and are expected not to throw (the shard catches and
/// counts as a last line of defence).
/// </summary>
public interface IDatagramHandler
{
    /// <summary>
    /// One received datagram (at most <see cref="UdpShard.MaxDatagramSize"/> bytes). The span points into
    /// the shard's receive slot: it is valid only during this call and may be modified in place (SRTP
    /// is decrypted in place). Replies go through <see cref="UdpShard.GetSendBuffer"/> /
    /// <see cref="UdpShard.CommitSend"/> or <see cref="UdpShard.Send"/>. <paramref name="nowMs"/> is
    /// <see cref="Environment.TickCount64"/> (monotonic milliseconds), read once per receive batch.
    /// </summary>
    void OnDatagram(UdpShard shard, Span<byte> datagram, in UdpEndpoint remote, long nowMs);

    /// <summary>Timer hook (consent freshness, RTCP), called at least every <see cref="UdpShardOptions.TickInterval"/>.</summary>
    void OnTick(UdpShard shard, long nowMs);
}
