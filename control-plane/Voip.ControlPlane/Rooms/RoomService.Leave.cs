using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Signaling;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

public sealed partial class RoomService
{
    /// <summary>toggle-audio / toggle-video {roomId, enabled}: pauses or resumes that producer; the others get room-media-state.</summary>
    private async Task ToggleAsync(SignalingConnection connection, string roomId, string kind, bool enabled, long ackId)
    {
        var (room, member) = await EnterAsync(connection, roomId);
        try
        {
            if (kind == "audio")
            {
                member.AudioEnabled = enabled;
            }
            else
            {
                member.VideoEnabled = enabled;
            }

            if (member.Producers.TryGetValue(kind, out var producerId))
            {
                var client = EngineOf(room);
                var request = new V1.ProducerIdRequest { ProducerId = producerId };
                if (enabled)
                {
                    await client.ResumeProducerAsync(request, deadline: Deadline());
                }
                else
                {
                    await client.PauseProducerAsync(request, deadline: Deadline());
                }
            }

            connection.Ack(ackId, RoomPayload.Ok(room.RoomId));
            await BroadcastAsync(room, RoomEvents.MediaState, RoomPayload.MediaState(room.RoomId, member.UserId, member.AudioEnabled, member.VideoEnabled), member.UserId);
            if (room.CallUsers is { } callUsers)
            {
                // The other side of a 1:1 call hears the seed's toggle event too, as in a peer-to-peer call.
                await TellCallPeerAsync(callUsers, member.UserId, kind == "audio" ? SignalingEvents.ToggleAudio : SignalingEvents.ToggleVideo, enabled, room.RoomId);
            }
        }
        finally
        {
            room.Gate.Release();
        }
    }

    private async Task LeaveFromSocketAsync(SignalingConnection connection, string roomId, long ackId)
    {
        var (room, member) = await EnterAsync(connection, roomId);
        try
        {
            await RemoveMemberAsync(room, member, "left");
            connection.Ack(ackId, RoomPayload.Ok(room.RoomId));
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>
    /// Takes a member out (left, disconnected past the grace period, replaced by another device): a last
    /// quality sample, its transports closed, the others told and renegotiated; the last one out ends the
    /// session (completed) and frees the router. Runs under the room gate.
    /// </summary>
    private async Task RemoveMemberAsync(Room room, RoomMember member, string reason)
    {
        await SampleMemberAsync(room, member);
        room.RemoveMember(member.UserId);
        if (member.SessionEntry is { } entry)
        {
            entry.LeftAt = time.GetUtcNow();
        }

        await ClosePublishingAsync(room, member);
        if (member.SubscribeTransportId is { } subscribe)
        {
            member.SubscribeTransportId = null;
            owners.TryRemove(subscribe, out _);
            if (room.Engine is { Healthy: true } engine)
            {
                await QuietAsync(room, () => engine.Client.CloseTransportAsync(new V1.CloseTransportRequest { TransportId = subscribe }, deadline: Deadline()).ResponseAsync);
            }
        }

        foreach (var consumer in member.Consumers.Values)
        {
            owners.TryRemove(consumer.ConsumerId, out _);
        }

        await BroadcastAsync(room, RoomEvents.ParticipantLeft, RoomPayload.ParticipantLeft(room.RoomId, member.UserId, reason), null);
        foreach (var other in room.Members.Values.ToArray())
        {
            try
            {
                await SyncSubscriberAsync(room, other);
            }
            catch (RoomException)
            {
                // The engine is gone: the engine-lost path ends the room.
            }
        }

        // A call's room stays while the call runs (a reloaded page joins again); the call's end closes it.
        if (room.Members.Count == 0 && !room.IsCall)
        {
            await EndSessionAsync(room, CallStatuses.Completed, "everyone left");
        }
    }

    /// <summary>
    /// Ends the running session: the router is closed (if the engine is still there) and the call record is
    /// written — one per session, every participant in it, quality averaged over them. A 1:1 call's room writes no
    /// row: the session's quality is returned for the call's own end write.
    /// </summary>
    private async Task<CallQualityReport?> EndSessionAsync(Room room, string status, string reason)
    {
        var session = room.Session;
        room.Session = null;
        if (room.RouterId is { } routerId)
        {
            routers.TryRemove(routerId, out _);
            if (status != CallStatuses.Failed && room.Engine is { Healthy: true } engine && engine.Generation == room.EngineGeneration)
            {
                await QuietAsync(room, () => engine.Client.CloseRouterAsync(new V1.CloseRouterRequest { RouterId = routerId }, deadline: Deadline()).ResponseAsync);
            }
        }

        room.RouterId = null;
        room.Engine = null;
        room.EmptySince = time.GetUtcNow();
        if (session is null)
        {
            return null;
        }

        RoomsLog.SessionEnded(logger, room.RoomId, session.CallId, status, reason);
        if (room.IsCall)
        {
            // The 1:1 call writes its own row (caller, callee, type, duration) through the call coordinator.
            return CallQualityReport.From(Participants(session, time.GetUtcNow()));
        }

        try
        {
            await history.CreateAsync(BuildRecord(session, status, time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RoomsLog.HistoryFailed(logger, ex, room.RoomId);
        }

        return null;
    }

    private static List<CallParticipant> Participants(RoomSession session, DateTimeOffset end) =>
        session.Participants.Select(p => p.ToRecord(end)).ToList();

    /// <summary>The session as a §4.3.1 record: type video, caller = who started it, callee = the second to join.</summary>
    internal static CallRecord BuildRecord(RoomSession session, string status, DateTimeOffset end)
    {
        var participants = Participants(session, end);
        var caller = participants.Count > 0 ? participants[0].UserId : "";
        var callee = participants.Count > 1 ? participants[1].UserId : caller;
        var quality = CallQualityReport.From(participants).Quality;
        var duration = end > session.StartedAt ? (int)Math.Round((end - session.StartedAt).TotalSeconds, MidpointRounding.AwayFromZero) : 0;
        return new CallRecord(session.CallId, caller, callee, CallTypes.Video, session.StartedAt, end, duration, status, [], quality, participants);
    }

    /// <summary>
    /// A socket closed: its rooms keep the member for the signaling grace period (CALL_RECONNECT_GRACE, as
    /// 1:1 calls do); a new socket of the user within it takes the membership over, otherwise the member leaves.
    /// </summary>
    internal async Task OnDisconnectedAsync(SignalingConnection connection)
    {
        foreach (var room in rooms.Values)
        {
            if (!IsMember(room.RoomId, connection.UserId))
            {
                continue;
            }

            await room.Gate.WaitAsync();
            try
            {
                if (room.Members.TryGetValue(connection.UserId, out var member) && member.Sid == connection.Sid)
                {
                    member.GoneSid = connection.Sid;
                    _ = GraceAsync(room, connection.UserId, connection.Sid);
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }

    /// <summary>A new socket of a user whose room membership lost its socket takes it over (events go to it from now on).</summary>
    internal async Task OnConnectedAsync(SignalingConnection connection)
    {
        foreach (var room in rooms.Values)
        {
            if (!IsMember(room.RoomId, connection.UserId))
            {
                continue;
            }

            await room.Gate.WaitAsync();
            try
            {
                if (room.Members.TryGetValue(connection.UserId, out var member) && member.GoneSid is not null)
                {
                    member.Sid = connection.Sid;
                    member.GoneSid = null;
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }

    private async Task GraceAsync(Room room, string userId, string goneSid)
    {
        try
        {
            await Task.Delay(signaling.ReconnectGrace, time);
            await room.Gate.WaitAsync();
            try
            {
                if (!room.Closed && room.Members.TryGetValue(userId, out var member) && member.GoneSid == goneSid)
                {
                    await RemoveMemberAsync(room, member, "disconnected");
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
        catch (Exception ex)
        {
            RoomsLog.HandlerFailed(logger, ex, "disconnect grace");
        }
    }
}
