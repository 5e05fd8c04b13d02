using Microsoft.Extensions.Logging;
using Voip.Media.Srtp;
using Voip.Media.Transport;

namespace Voip.Media.Engine;

internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Information, "engine ready: {Shards} shard(s) on {Ports}, DTLS fingerprint sha-256 {Fingerprint}")]
    public static partial void Ready(ILogger logger, int shards, string ports, string fingerprint);

    [LoggerMessage(2, LogLevel.Information, "transport {TransportId} created on shard {Shard}")]
    public static partial void TransportCreated(ILogger logger, string transportId, int shard);

    [LoggerMessage(3, LogLevel.Information, "transport {TransportId} connected: {Profile}, remote {Remote}")]
    public static partial void TransportConnected(ILogger logger, string transportId, SrtpProfile profile, string remote);

    [LoggerMessage(4, LogLevel.Warning, "transport {TransportId}: DTLS failed: {Reason}")]
    public static partial void DtlsFailed(ILogger logger, string transportId, string reason);

    [LoggerMessage(5, LogLevel.Information, "transport {TransportId} {State}: {Reason}")]
    public static partial void TransportClosed(ILogger logger, string transportId, TransportState state, string reason);

    [LoggerMessage(6, LogLevel.Debug, "transport {TransportId}: remote address {Remote}")]
    public static partial void RemoteSelected(ILogger logger, string transportId, string remote);

    [LoggerMessage(7, LogLevel.Information, "router {RouterId} created on shard {Shard}")]
    public static partial void RouterCreated(ILogger logger, string routerId, int shard);
}
