using System.Collections.Concurrent;
using System.Text.Json;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Signaling;

public sealed partial class CallCoordinator
{
    /// <summary>Armed ring timeouts of calls that rang from this replica and are not yet decided here.</summary>
    private readonly ConcurrentDictionary<string, ITimer> ringTimers = new(StringComparer.Ordinal);

    /// <summary>
    /// call-user {targetUserId, callType, offer, via?} → callee's sockets get incoming-call; ack {success, roomId}.
    /// With <c>via: "sfu"</c> the offer is optional and ignored (media goes through the engine's room once accepted).
    /// </summary>
    private async Task CallUserAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        if (!TryString(payload, "targetUserId", 24, out var target) || !ObjectIds.IsValid(target))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "targetUserId must be a user id", null, invalid: true);
            return;
        }

        if (target == connection.UserId)
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "targetUserId must be another user", null, invalid: true);
            return;
        }

        if (!TryString(payload, "callType", 8, out var callType) || !CallTypes.IsValid(callType))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "callType must be 'audio' or 'video'", null, invalid: true);
            return;
        }

        if (!TryVia(payload, out var via))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "via must be 'p2p' or 'sfu'", null, invalid: true);
            return;
        }

        var offer = via is null ? Property(payload, "offer") : default;
        if (via is null && !IsOpaque(offer, allowNull: false))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "offer must be an SDP object or string", null, invalid: true);
            return;
        }

        if (via is not null && !SfuAvailable)
        {
            await FailAsync(connection, ackId, ErrorCodes.MediaUnavailable, "No media engine is available", null);
            return;
        }

        if (!await presence.IsOnlineAsync(target, CancellationToken.None))
        {
            await FailAsync(connection, ackId, ErrorCodes.UserOffline, "User is offline", null);
            return;
        }

        var caller = connection.User!;
        var callId = Guid.NewGuid().ToString();
        var call = new LiveCall(callId, caller.UserId, caller.Name, target, callType, connection.Sid, null, null, null, false, null, null, via);
        switch (await live.TryReserveAsync(call, CancellationToken.None))
        {
            case ReserveResult.CallerBusy:
                await FailAsync(connection, ackId, ErrorCodes.UserBusy, "You are already in a call", null);
                return;
            case ReserveResult.CalleeBusy or ReserveResult.AlreadyExists:
                await FailAsync(connection, ackId, ErrorCodes.UserBusy, "User is busy", null);
                return;
        }

        // Ring first, persist after: the insert is queued (ahead of this call's later status writes) and committed
        // with whatever else is waiting while the callee rings; the call id is ours, so ringing needs no row. Every
        // write carries the whole call, so a replica that ends it before this insert lands still creates the row.
        // The caller's ack waits for the commit: once it holds the call id, GET /api/calls/{id} finds the call.
        var persisted = writes.CreateAsync(callId, caller.UserId, target, callType, time.GetUtcNow());
        SignalingLog.Ringing(logger, callId, caller.UserId, target);
        Watch(callId, caller.UserId);
        // Armed before the callee hears the ring, so an instant answer finds the timer to disarm.
        StartRingTimer(callId);
        await hub.SendToUserAsync(target, SignalingEvents.IncomingCall, IncomingCallPayload(call, offer));
        try
        {
            await persisted;
        }
        catch (Exception e)
        {
            // The call rings on; its later writes carry the whole call and create the row then.
            SignalingLog.HistoryWriteFailed(logger, e, callId);
        }

        connection.Ack(ackId, SignalPayload.Ok(callId));
    }

    /// <summary>
    /// POST /api/calls/initiate (seed §5.1): every replica hears <c>call.initiated</c> on the <c>calls</c> topic; the one
    /// whose reservation wins rings the callee (wherever connected) and runs the ring timer. A callee with no
    /// socket anywhere is left alone: the REST call stays "initiated" as before signaling existed.
    /// </summary>
    internal async Task OnCallInitiatedAsync(CallInitiatedEvent evt)
    {
        // A socket of the callee on this replica is proof enough that the callee is online. Presence alone can lag:
        // its entry expires one heartbeat round after the last pong by the wall clock, so a clock step (or a pong
        // delayed past pingTimeout) briefly reads "offline" while the socket is still up, and the replica holding
        // that socket would then drop the initiate and nobody rings.
        if (hub.LocalConnections(evt.CalleeId).Count == 0 && !await presence.IsOnlineAsync(evt.CalleeId, CancellationToken.None))
        {
            return;
        }

        var call = new LiveCall(evt.CallId, evt.CallerId, evt.CallerName, evt.CalleeId, evt.CallType, null, null, null, null, false, null, null, evt.Via);
        switch (await live.TryReserveAsync(call, CancellationToken.None))
        {
            case ReserveResult.AlreadyExists:
                return;
            case ReserveResult.CallerBusy or ReserveResult.CalleeBusy:
                await writes.StatusAsync(evt.CallId, evt.CallerId, evt.CalleeId, evt.CallType, null, CallStatuses.Missed, time.GetUtcNow(), 0);
                await hub.SendToUserAsync(evt.CallerId, SignalingEvents.CallError, SignalPayload.Error(ErrorCodes.UserBusy, "User is busy", evt.CallId));
                return;
        }

        SignalingLog.Ringing(logger, evt.CallId, evt.CallerId, evt.CalleeId);
        StartRingTimer(evt.CallId);
        await hub.SendToUserAsync(evt.CalleeId, SignalingEvents.IncomingCall, IncomingCallPayload(call, default));
    }

    /// <summary>
    /// accept-call {roomId, answer}: the first of the callee's sockets wins; the caller gets call-accepted. A call
    /// through the engine gets its room here (both sides then room-join it) and needs no answer.
    /// </summary>
    private async Task AcceptAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        // Any of the callee's devices may try; a late one loses the race with CALL003, not AUTH003.
        var call = await LoadOwnCallAsync(connection, payload, ackId, anyDevice: true);
        if (call is null)
        {
            return;
        }

        if (call.RoleOf(connection.UserId) != CallRole.Callee)
        {
            await FailAsync(connection, ackId, ErrorCodes.Forbidden, "Only the callee can accept", call.CallId, denied: true);
            return;
        }

        var answer = Property(payload, "answer");
        if (!IsOpaque(answer, allowNull: true))
        {
            await FailAsync(connection, ackId, ErrorCodes.Validation, "answer must be an SDP object or string", call.CallId, invalid: true);
            return;
        }

        if (!await live.TryDecideAsync(call.CallId, CallDecision.Accepted, CancellationToken.None))
        {
            await FailAsync(connection, ackId, ErrorCodes.CallFailed, "Call was already answered or ended", call.CallId);
            return;
        }

        StopRingTimer(call.CallId);

        if (call.ViaSfu && !await OpenSfuRoomAsync(connection, call, ackId))
        {
            return;
        }

        var now = time.GetUtcNow();
        await live.SetAcceptedAsync(call.CallId, connection.Sid, now, CancellationToken.None);
        // The call starts when it is answered (the ring is not talk time): start time = accept, duration = end − accept.
        await writes.AcceptAsync(call, now);
        Watch(call.CallId, connection.UserId);
        if (call.ViaSfu && !await StillRunningAsync(call))
        {
            await FailAsync(connection, ackId, ErrorCodes.CallFailed, "Call was ended", call.CallId);
            return;
        }

        connection.Ack(ackId, call.ViaSfu ? SfuAccepted(call.CallId, ack: true) : SignalPayload.Ok(call.CallId));
        var accepted = call.ViaSfu ? SfuAccepted(call.CallId, ack: false) : SignalPayload.Build((call.CallId, answer), static (w, s) =>
        {
            w.WriteString("roomId", s.CallId);
            SignalPayload.WriteRaw(w, "answer", s.answer);
        });
        await hub.SendToUserAsync(call.CallerId, SignalingEvents.CallAccepted, accepted, only: call.CallerConnection);
        await hub.SendToUserAsync(call.CalleeId, SignalingEvents.CallAnsweredElsewhere, SignalPayload.Room(call.CallId), except: connection.Sid);
    }

    /// <summary>reject-call {roomId, reason}: the caller gets call-rejected; the callee's other sockets stop ringing.</summary>
    private async Task RejectAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        var call = await LoadOwnCallAsync(connection, payload, ackId);
        if (call is null)
        {
            return;
        }

        if (call.RoleOf(connection.UserId) != CallRole.Callee)
        {
            await FailAsync(connection, ackId, ErrorCodes.Forbidden, "Only the callee can reject; the caller ends the call", call.CallId, denied: true);
            return;
        }

        var reason = "rejected";
        if (payload.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (!TryString(payload, "reason", MaxReasonLength, out reason))
            {
                await FailAsync(connection, ackId, ErrorCodes.Validation, $"reason must be a string of at most {MaxReasonLength} characters", call.CallId, invalid: true);
                return;
            }
        }

        if (!await live.TryDecideAsync(call.CallId, CallDecision.Rejected, CancellationToken.None) || !await FinishAsync(call, CallStatuses.Rejected, "rejected"))
        {
            await FailAsync(connection, ackId, ErrorCodes.CallFailed, "Call was already answered or ended", call.CallId);
            return;
        }

        connection.Ack(ackId, SignalPayload.Ok(call.CallId));
        var rejected = SignalPayload.Build((call.CallId, reason), static (w, s) =>
        {
            w.WriteString("roomId", s.CallId);
            w.WriteString("reason", s.reason);
        });
        await hub.SendToUserAsync(call.CallerId, SignalingEvents.CallRejected, rejected);
        await hub.SendToUserAsync(call.CalleeId, SignalingEvents.CallEnded, SignalPayload.Ended(call.CallId, "rejected", CallStatuses.Rejected, call.CalleeId), except: connection.Sid);
    }

    /// <summary>
    /// Arms the ring timeout. A plain timer, disarmed by <see cref="StopRingTimer"/> once the call is decided here:
    /// a <c>Task.Delay</c> kept every answered call's timer, its state machine and the call id alive for the whole
    /// ring timeout (30 s), and those survivors were promoted into gen 1/2 during call storms (issue 6). Cancelling
    /// a delay instead would throw per answered call; disposing a timer throws nothing. A call decided on another
    /// replica still lets this one fire, find it decided and drop it.
    /// </summary>
    private void StartRingTimer(string callId)
    {
        var timer = time.CreateTimer(
            static state =>
            {
                var (self, id) = ((CallCoordinator, string))state!;
                _ = self.RingTimeoutAsync(id);
            },
            (this, callId),
            options.RingTimeout,
            Timeout.InfiniteTimeSpan);
        if (!ringTimers.TryAdd(callId, timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>Disarms the ring timer of a call decided (answered, rejected, cancelled, failed) on this replica.</summary>
    private void StopRingTimer(string callId)
    {
        if (ringTimers.TryRemove(callId, out var timer))
        {
            timer.Dispose();
        }
    }

    /// <summary>No answer within the ring timeout: the call is missed and both sides are told.</summary>
    private async Task RingTimeoutAsync(string callId)
    {
        StopRingTimer(callId);
        try
        {
            if (!await live.TryDecideAsync(callId, CallDecision.Missed, CancellationToken.None))
            {
                return;
            }

            var call = await live.GetAsync(callId, CancellationToken.None);
            if (call is null || !await FinishAsync(call, CallStatuses.Missed, "missed"))
            {
                return;
            }

            var ended = SignalPayload.Ended(callId, "missed", CallStatuses.Missed, null);
            await hub.SendToUserAsync(call.CallerId, SignalingEvents.CallEnded, ended);
            await hub.SendToUserAsync(call.CalleeId, SignalingEvents.CallEnded, ended);
        }
        catch (Exception ex)
        {
            SignalingLog.TimerFailed(logger, ex, callId);
        }
    }
}
