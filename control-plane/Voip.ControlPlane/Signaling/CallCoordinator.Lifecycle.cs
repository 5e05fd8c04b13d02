using System.Text.Json;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;

namespace Voip.ControlPlane.Signaling;

public sealed partial class CallCoordinator
{
    /// <summary>
    /// end-call {roomId}: an accepted call ends completed (end time, duration); a ringing one is cancelled by the
    /// caller (missed for the callee) or declined by the callee (rejected). Everyone else in it is told.
    /// </summary>
    private async Task EndAsync(SignalingConnection connection, JsonElement payload, long ackId)
    {
        var call = await LoadOwnCallAsync(connection, payload, ackId);
        if (call is null)
        {
            return;
        }

        var role = call.RoleOf(connection.UserId);
        string status;
        if (call.IsAccepted)
        {
            status = CallStatuses.Completed;
        }
        else
        {
            var decision = role == CallRole.Caller ? CallDecision.Cancelled : CallDecision.Rejected;
            status = role == CallRole.Caller ? CallStatuses.Missed : CallStatuses.Rejected;
            if (!await live.TryDecideAsync(call.CallId, decision, CancellationToken.None))
            {
                // Accepted meanwhile: reload so the duration counts from the accept.
                call = await live.GetAsync(call.CallId, CancellationToken.None) ?? call;
                status = call.IsAccepted ? CallStatuses.Completed : status;
            }
        }

        if (!await FinishAsync(call, status, "hangup"))
        {
            await FailAsync(connection, ackId, ErrorCodes.CallFailed, "Call is not in progress", call.CallId);
            return;
        }

        connection.Ack(ackId, SignalPayload.Ok(call.CallId));
        var ended = SignalPayload.Ended(call.CallId, "hangup", status, connection.UserId);
        await hub.SendToUserAsync(call.PeerOf(connection.UserId), SignalingEvents.CallEnded, ended);
        await hub.SendToUserAsync(connection.UserId, SignalingEvents.CallEnded, ended, except: connection.Sid);
    }

    /// <summary>
    /// Ends the call once (across replicas) and writes it to both users' history; false if already ended. A call
    /// through the engine closes its room first, so the quality measured there goes into the same write
    /// (<paramref name="quality"/>: already measured, when the room ended before the call did).
    /// </summary>
    private async Task<bool> FinishAsync(LiveCall call, string status, string reason, CallQualityReport? quality = null)
    {
        if (!await live.TryEndAsync(call.CallId, CancellationToken.None))
        {
            return false;
        }

        watched.TryRemove(call.CallId, out _);
        StopRingTimer(call.CallId);
        var now = time.GetUtcNow();
        var duration = status == CallStatuses.Completed ? DurationOf(call, now) : 0;
        quality = await CloseSfuRoomAsync(call) ?? quality;
        await writes.StatusAsync(call.CallId, call.CallerId, call.CalleeId, call.CallType, call.AcceptedAt, status, now, duration, quality);
        SignalingLog.CallEnded(logger, call.CallId, status, reason, duration);
        return true;
    }

    /// <summary>
    /// A socket joined: mark it online, and if its user's call lost its socket (dropped within the grace period,
    /// or every socket of the user was gone), this socket takes the call over.
    /// </summary>
    internal async Task<bool> MarkOnlineAsync(SignalingConnection connection)
    {
        // Before the CONNECT reply, so a client that sees "connect" is already callable from every replica.
        var wasOnline = await presence.IsOnlineAsync(connection.UserId, CancellationToken.None);
        await presence.SetOnlineAsync(connection.UserId, connection.Sid, options.PresenceTimeToLive, CancellationToken.None);
        if (!wasOnline)
        {
            await PublishPresenceAsync(connection.UserId, true);
        }

        return wasOnline;
    }

    internal async Task OnConnectedAsync(SignalingConnection connection, bool wasOnline)
    {
        var userId = connection.UserId;

        if (await live.FindByUserAsync(userId, CancellationToken.None) is not { } callId
            || await live.GetAsync(callId, CancellationToken.None) is not { Ended: false } call)
        {
            return;
        }

        var role = call.RoleOf(userId);
        var bound = call.ConnectionOf(role);
        if (call.GoneOf(role) is not null || (bound is not null && !wasOnline))
        {
            await live.BindAsync(callId, role, connection.Sid, CancellationToken.None);
            Watch(callId, userId);
            var resumed = SignalPayload.Build((call, role), static (w, s) =>
            {
                w.WriteString("roomId", s.call.CallId);
                w.WriteString("peerId", s.call.PeerOf(s.role == CallRole.Caller ? s.call.CallerId : s.call.CalleeId));
                w.WriteString("callType", s.call.CallType);
                w.WriteString("role", s.role == CallRole.Caller ? "caller" : "callee");
                w.WriteBoolean("accepted", s.call.IsAccepted);
                if (s.call.ViaSfu)
                {
                    w.WriteString("via", Calls.CallVia.Sfu);
                }
            });
            connection.Emit(SignalingEvents.CallResumed, resumed);
            var peer = call.PeerOf(userId);
            await hub.SendToUserAsync(peer, SignalingEvents.PeerReconnected, Peer(callId, userId), only: call.ConnectionOf(role == CallRole.Caller ? CallRole.Callee : CallRole.Caller));
        }
        else if (role == CallRole.Callee && call.Decision is null)
        {
            // A device that comes online while the call rings rings too.
            connection.Emit(SignalingEvents.IncomingCall, IncomingCallPayload(call, default));
        }
    }

    /// <summary>
    /// A socket closed: it goes offline; if it spoke for a side of a call, that side has the grace period to come
    /// back (any new socket of the user takes the call over) before the call ends.
    /// </summary>
    internal async Task OnDisconnectedAsync(SignalingConnection connection)
    {
        var userId = connection.UserId;
        Unwatch(connection);
        await presence.SetOfflineAsync(userId, connection.Sid, CancellationToken.None);
        if (!await presence.IsOnlineAsync(userId, CancellationToken.None))
        {
            await PublishPresenceAsync(userId, false);
        }

        if (await live.FindByUserAsync(userId, CancellationToken.None) is not { } callId
            || await live.GetAsync(callId, CancellationToken.None) is not { Ended: false } call)
        {
            return;
        }

        var role = call.RoleOf(userId);
        if (!await live.MarkGoneAsync(callId, role, connection.Sid, CancellationToken.None))
        {
            return;
        }

        var otherRole = role == CallRole.Caller ? CallRole.Callee : CallRole.Caller;
        var notice = SignalPayload.Build((callId, userId, (int)options.ReconnectGrace.TotalSeconds), static (w, s) =>
        {
            w.WriteString("roomId", s.callId);
            w.WriteString("userId", s.userId);
            w.WriteNumber("graceSeconds", s.Item3);
        });
        await hub.SendToUserAsync(call.PeerOf(userId), SignalingEvents.PeerDisconnected, notice, only: call.ConnectionOf(otherRole));
        _ = GraceAsync(callId, role, connection.Sid);
    }

    private async Task GraceAsync(string callId, CallRole role, string goneConnection)
    {
        try
        {
            await Task.Delay(options.ReconnectGrace, time);
            var call = await live.GetAsync(callId, CancellationToken.None);
            if (call is null || call.Ended || call.GoneOf(role) != goneConnection)
            {
                return;
            }

            await EndForDisconnectAsync(call, role == CallRole.Caller ? call.CallerId : call.CalleeId);
        }
        catch (Exception ex)
        {
            SignalingLog.TimerFailed(logger, ex, callId);
        }
    }

    /// <summary>
    /// The side <paramref name="goneUserId"/> did not come back: an accepted call ends completed (it did happen, and
    /// its duration counts to now), a ringing one failed. The other side is told why.
    /// </summary>
    private async Task EndForDisconnectAsync(LiveCall call, string goneUserId)
    {
        var status = CallStatuses.Completed;
        if (!call.IsAccepted)
        {
            status = CallStatuses.Failed;
            if (!await live.TryDecideAsync(call.CallId, CallDecision.Failed, CancellationToken.None))
            {
                call = await live.GetAsync(call.CallId, CancellationToken.None) ?? call;
                status = call.IsAccepted ? CallStatuses.Completed : CallStatuses.Failed;
            }
        }

        if (!await FinishAsync(call, status, "peer-disconnected"))
        {
            return;
        }

        var ended = SignalPayload.Ended(call.CallId, "peer-disconnected", status, goneUserId);
        await hub.SendToUserAsync(call.PeerOf(goneUserId), SignalingEvents.CallEnded, ended);
        await hub.SendToUserAsync(goneUserId, SignalingEvents.CallEnded, ended);
    }

    private void Watch(string callId, string localUserId) => watched[callId] = new WatchedCall(localUserId);

    /// <summary>
    /// One pass of the watchdog (every ping interval): for calls bound to this replica's sockets, a peer that is
    /// offline everywhere (its replica died, so nobody ran its disconnect) for longer than the grace period ends the call.
    /// </summary>
    internal async Task CheckPeersAsync()
    {
        foreach (var (callId, watch) in watched)
        {
            var call = await live.GetAsync(callId, CancellationToken.None);
            if (call is null || call.Ended)
            {
                watched.TryRemove(callId, out _);
                continue;
            }

            if (!call.IsAccepted)
            {
                continue;
            }

            var peer = call.PeerOf(watch.LocalUserId);
            if (await presence.IsOnlineAsync(peer, CancellationToken.None))
            {
                watch.PeerOfflineSince = null;
                continue;
            }

            // Elapsed real time (not the injectable clock): this measures how long the peer has been unreachable.
            var since = watch.PeerOfflineSince ??= System.Diagnostics.Stopwatch.GetTimestamp();
            if (System.Diagnostics.Stopwatch.GetElapsedTime(since) >= options.ReconnectGrace)
            {
                await EndForDisconnectAsync(call, peer);
            }
        }
    }

    private static string Peer(string callId, string userId) => SignalPayload.Build((callId, userId), static (w, s) =>
    {
        w.WriteString("roomId", s.callId);
        w.WriteString("userId", s.userId);
    });
}
