using System.Text.Json;
using Grpc.Core;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Rooms;

namespace Voip.ControlPlane.Signaling;

/// <summary>
/// 1:1 calls through the media engine (<c>via: "sfu"</c>): they ring, are answered and end exactly as peer-to-peer
/// calls do; on accept the call gets a two-person room (<see cref="RoomService.OpenCallRoomAsync"/>, room id = call
/// id) and both sides publish and subscribe with the room events. The call's end closes the room; the engine's loss
/// ends the call as failed with MEDIA001.
/// </summary>
public sealed partial class CallCoordinator
{
    private RoomService? rooms;

    /// <summary>The room service registers itself here (it needs the coordinator for engine loss, so not the other way round).</summary>
    internal void UseRooms(RoomService roomService) => rooms = roomService;

    /// <summary><c>via</c>: absent, null or "p2p" → peer to peer (null); "sfu" → through the engine; anything else is invalid.</summary>
    private static bool TryVia(JsonElement payload, out string? via)
    {
        via = null;
        if (!payload.TryGetProperty("via", out var e) || e.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (e.ValueKind != JsonValueKind.String || e.GetString() is not { } value || !CallVia.IsValid(value))
        {
            return false;
        }

        via = value == CallVia.Sfu ? value : null;
        return true;
    }

    private bool SfuAvailable => rooms?.CanPlaceCall == true;

    /// <summary>incoming-call: the seed's payload; a call through the engine adds <c>via: "sfu"</c> and carries no offer.</summary>
    private static string IncomingCallPayload(LiveCall call, JsonElement offer) =>
        !call.ViaSfu
            ? SignalPayload.IncomingCall(call.CallId, call.CallerId, call.CallerName, call.CallType, offer)
            : SignalPayload.Build(call, static (w, c) =>
            {
                w.WriteString("roomId", c.CallId);
                w.WriteString("callerId", c.CallerId);
                w.WriteString("callerName", c.CallerName);
                w.WriteString("callType", c.CallType);
                w.WriteNull("offer");
                w.WriteString("via", CallVia.Sfu);
            });

    /// <summary>The accept ack and call-accepted of a call through the engine: <c>{…, roomId, via: "sfu"}</c> (no SDP answer).</summary>
    private static string SfuAccepted(string callId, bool ack) => SignalPayload.Build((callId, ack), static (w, s) =>
    {
        if (s.ack)
        {
            w.WriteBoolean("success", true);
        }

        w.WriteString("roomId", s.callId);
        if (!s.ack)
        {
            w.WriteNull("answer");
        }

        w.WriteString("via", CallVia.Sfu);
    });

    /// <summary>
    /// Accepting a call through the engine: its room is opened (router on the least-loaded engine). When that fails
    /// the call ends as failed and both sides get MEDIA001 (the callee in the ack); false means "stop".
    /// </summary>
    private async Task<bool> OpenSfuRoomAsync(SignalingConnection connection, LiveCall call, long ackId)
    {
        string message;
        try
        {
            if (rooms is null)
            {
                throw new RoomException(ErrorCodes.MediaUnavailable, "No media engine is available");
            }

            await rooms.OpenCallRoomAsync(call.CallId, call.CallerId, call.CalleeId);
            SfuCallLog.RoomOpened(logger, call.CallId);
            return true;
        }
        catch (RoomException ex)
        {
            message = ex.Message;
        }
        catch (RpcException ex)
        {
            message = "The media engine refused or failed: " + ex.Status.Detail;
        }

        await FinishAsync(call, CallStatuses.Failed, "media-unavailable");
        await FailAsync(connection, ackId, ErrorCodes.MediaUnavailable, message, call.CallId);
        await hub.SendToUserAsync(call.CallerId, SignalingEvents.CallEnded, SignalPayload.Ended(call.CallId, "media-unavailable", CallStatuses.Failed, null));
        await hub.SendToUserAsync(call.CallerId, SignalingEvents.CallError, SignalPayload.Error(ErrorCodes.MediaUnavailable, message, call.CallId));
        await hub.SendToUserAsync(call.CalleeId, SignalingEvents.CallEnded, SignalPayload.Ended(call.CallId, "media-unavailable", CallStatuses.Failed, null), except: connection.Sid);
        return false;
    }

    /// <summary>
    /// After the room is open: a call ended meanwhile (the caller hung up while the router was being made) already
    /// ran its close before the room existed, so the room is closed here.
    /// </summary>
    private async Task<bool> StillRunningAsync(LiveCall call)
    {
        if (await live.GetAsync(call.CallId, CancellationToken.None) is { Ended: false })
        {
            return true;
        }

        await CloseSfuRoomAsync(call);
        return false;
    }

    /// <summary>
    /// The call ended: its room (if it had one) closes and the engine frees the router. Returns the quality measured
    /// in the room (null when the call had no room, or it is already gone).
    /// </summary>
    private async Task<CallQualityReport?> CloseSfuRoomAsync(LiveCall call)
    {
        if (!call.ViaSfu || rooms is null)
        {
            return null;
        }

        try
        {
            return await rooms.CloseCallRoomAsync(call.CallId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            SfuCallLog.RoomCloseFailed(logger, ex, call.CallId);
            return null;
        }
    }

    /// <summary>
    /// The engine carrying the call's room was lost: the call ends as <c>failed</c> (its room members already got
    /// room-ended MEDIA001), and both sides get call-ended {status: failed, reason: "media-lost"} and call-error MEDIA001.
    /// The quality measured until the loss is written with the status.
    /// </summary>
    internal async Task OnSfuMediaLostAsync(string callId, string message, CallQualityReport? quality)
    {
        if (await live.GetAsync(callId, CancellationToken.None) is not { Ended: false } call || !await FinishAsync(call, CallStatuses.Failed, "media-lost", quality))
        {
            return;
        }

        var ended = SignalPayload.Ended(callId, "media-lost", CallStatuses.Failed, null);
        var error = SignalPayload.Error(ErrorCodes.MediaUnavailable, message, callId);
        foreach (var userId in new[] { call.CallerId, call.CalleeId })
        {
            await hub.SendToUserAsync(userId, SignalingEvents.CallEnded, ended);
            await hub.SendToUserAsync(userId, SignalingEvents.CallError, error);
        }
    }
}
