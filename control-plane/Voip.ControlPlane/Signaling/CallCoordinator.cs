using System.Collections.Concurrent;
using System.Text.Json;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Events;
using Voip.ControlPlane.Presence;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// The seed's call events (§4.1.3) and the 1:1 call lifecycle: ringing → accepted → ended, or rejected, missed
/// (ring timeout) and failed; every end is written to the call history through <see cref="ICallStore"/>.
/// State shared between replicas lives in <see cref="ILiveCallStore"/>; timers run on the replica that
/// started them and re-check the shared state when they fire.
/// </summary>
public sealed partial class CallCoordinator(
    ILiveCallStore live,
    ICallStore history,
    CallHistoryVersions historyVersions,
    IPresenceTracker presence,
    SignalingHub hub,
    IEventBus bus,
    SignalingOptions options,
    SignalingCounters counters,
    TimeProvider time,
    ILogger<CallCoordinator> logger) : IAsyncDisposable, IDisposable
{
    private const int MaxReasonLength = 200;

    /// <summary>Calls with a socket of this replica bound to them, watched for the peer vanishing (replica crash).</summary>
    private readonly ConcurrentDictionary<string, WatchedCall> watched = new(StringComparer.Ordinal);

    private readonly CallHistoryWriter writes = new(history, historyVersions, logger);

    /// <summary>Completes once every history write queued so far is committed.</summary>
    internal Task FlushHistoryAsync() => writes.FlushAsync();

    /// <summary>Writes what is still queued (the host disposes singletons when it stops).</summary>
    public ValueTask DisposeAsync() => writes.DisposeAsync();

    public void Dispose() => writes.Dispose();

    internal Task HandleEventAsync(SignalingConnection connection, string name, JsonElement payload, long ackId)
    {
        if (name is not (SignalingEvents.CallUser or SignalingEvents.AcceptCall or SignalingEvents.RejectCall or SignalingEvents.EndCall
            or SignalingEvents.IceCandidate or SignalingEvents.ToggleAudio or SignalingEvents.ToggleVideo or SignalingEvents.PresenceSubscribe))
        {
            counters.UnknownEvent();
            return Task.CompletedTask;
        }

        if (payload.ValueKind != JsonValueKind.Object)
        {
            return FailAsync(connection, ackId, ErrorCodes.Validation, "Payload must be an object", null, invalid: true);
        }

        return name switch
        {
            SignalingEvents.CallUser => CallUserAsync(connection, payload, ackId),
            SignalingEvents.AcceptCall => AcceptAsync(connection, payload, ackId),
            SignalingEvents.RejectCall => RejectAsync(connection, payload, ackId),
            SignalingEvents.EndCall => EndAsync(connection, payload, ackId),
            SignalingEvents.IceCandidate => IceCandidateAsync(connection, payload, ackId),
            SignalingEvents.PresenceSubscribe => PresenceSubscribeAsync(connection, payload, ackId),
            _ => ToggleAsync(connection, name, payload, ackId),
        };
    }

    /// <summary>Errors go both ways the issue asks: as the ack result and as a <c>call-error</c> event.</summary>
    private Task FailAsync(SignalingConnection connection, long ackId, string code, string message, string? roomId, bool invalid = false, bool denied = false)
    {
        if (invalid)
        {
            counters.InvalidPayload();
        }

        if (denied)
        {
            counters.Denied();
        }

        var body = SignalPayload.Error(code, message, roomId);
        connection.Ack(ackId, body);
        connection.Emit(SignalingEvents.CallError, body);
        return Task.CompletedTask;
    }

    private static bool TryString(JsonElement payload, string name, int maxLength, out string value)
    {
        value = "";
        if (!payload.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = e.GetString()!;
        return value.Length > 0 && value.Length <= maxLength;
    }

    /// <summary>Room ids are call ids: canonical lowercase UUIDs.</summary>
    private static bool TryRoomId(JsonElement payload, out string roomId) =>
        TryString(payload, "roomId", 36, out roomId) && Guid.TryParseExact(roomId, "D", out _) && roomId == roomId.ToLowerInvariant();

    /// <summary>SDP and candidates are opaque, but must be a JSON object or string (RTCSessionDescriptionInit or its SDP).</summary>
    private static bool IsOpaque(JsonElement value, bool allowNull) =>
        value.ValueKind is JsonValueKind.Object or JsonValueKind.String || (allowNull && value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined);

    private static JsonElement Property(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var e) ? e : default;

    /// <summary>
    /// Loads the call named by the payload and checks that the sender belongs to it (and, once a side is bound to
    /// a socket, that this is that socket). Failures are answered here; null means "stop".
    /// </summary>
    private async Task<LiveCall?> LoadOwnCallAsync(SignalingConnection connection, JsonElement payload, long ackId, bool anyDevice = false)
    {
        if (!TryRoomId(payload, out var roomId))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "roomId must be a call id (UUID)", null, invalid: true);
            return null;
        }

        var call = await live.GetAsync(roomId, CancellationToken.None);
        if (call is not null && !call.IsParticipant(connection.UserId))
        {
            await FailAsync(connection, ackId, ErrorCodes.Forbidden, "You are not part of this call", roomId, denied: true);
            return null;
        }

        if (call is null || call.Ended)
        {
            await FailAsync(connection, ackId, ErrorCodes.CallFailed, "Call is not in progress", roomId);
            return null;
        }

        var bound = call.ConnectionOf(call.RoleOf(connection.UserId));
        if (!anyDevice && bound is not null && bound != connection.Sid && call.GoneOf(call.RoleOf(connection.UserId)) is null)
        {
            await FailAsync(connection, ackId, ErrorCodes.Forbidden, "This call is handled by another of your devices", roomId, denied: true);
            return null;
        }

        return call;
    }

    private int DurationOf(LiveCall call, DateTimeOffset end) =>
        call.AcceptedAt is { } start && end > start ? (int)Math.Round((end - start).TotalSeconds, MidpointRounding.AwayFromZero) : 0;

    private sealed class WatchedCall(string localUserId)
    {
        public string LocalUserId => localUserId;

        public long? PeerOfflineSince { get; set; }
    }

    internal IEventBus Bus => bus;
}
