using Voip.ControlPlane.Common;
using Voip.ControlPlane.Signaling;
using Sdp = Voip.Sdp;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

public sealed partial class RoomService
{
    /// <summary>
    /// room-join {roomId}: the room gets a router on the least-loaded engine if it has none (a session starts),
    /// the member gets a subscribing transport, the others hear room-participant-joined, and the member is
    /// offered what is already published. Joining again from another socket replaces the old membership.
    /// </summary>
    private async Task JoinAsync(SignalingConnection connection, string roomId, long ackId)
    {
        var room = Find(roomId) ?? throw new RoomException(ErrorCodes.NotFound, "Room not found");
        var user = connection.User!;
        await room.Gate.WaitAsync();
        try
        {
            if (room.Closed)
            {
                throw new RoomException(ErrorCodes.NotFound, "Room not found");
            }

            if (room.CallUsers is { } callUsers && !callUsers.Contains(user.UserId))
            {
                throw new RoomException(ErrorCodes.Forbidden, "This room belongs to a call you are not part of");
            }

            if (room.Members.TryGetValue(user.UserId, out var existing))
            {
                if (existing.Sid == connection.Sid && existing.GoneSid is null)
                {
                    connection.Ack(ackId, RoomPayload.Joined(room, room.Snapshot()));
                    return;
                }

                // Another device, or a reloaded page: the old peer connections are stale.
                await RemoveMemberAsync(room, existing, "replaced");
            }

            if (room.Members.Count >= options.MaxParticipants)
            {
                throw new RoomException(ErrorCodes.UserBusy, $"Room is full ({options.MaxParticipants} participants)");
            }

            await EnsureRouterAsync(room);
            var client = EngineOf(room);
            var now = time.GetUtcNow();
            var transport = await client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = room.RouterId }, deadline: Deadline());
            var member = new RoomMember(user.UserId, user.Name, connection.Sid, now)
            {
                SubscribeTransportId = transport.TransportId,
                Subscriber = new Sdp.SubscriberSdpSession(RoomSdpMapping.ToSdp(transport)),
            };
            owners[transport.TransportId] = (room.RoomId, user.UserId);
            member.SessionEntry = room.Session!.Enter(user.UserId, now);
            room.AddMember(member);
            room.EmptySince = null;

            connection.Ack(ackId, RoomPayload.Joined(room, room.Snapshot()));
            var info = new RoomParticipantInfo(member.UserId, member.Name, member.AudioEnabled, member.VideoEnabled);
            await BroadcastAsync(room, RoomEvents.ParticipantJoined, RoomPayload.ParticipantJoined(room.RoomId, info), member.UserId);
            // The engine reports the speaker only when it changes: a late joiner hears the current one now.
            if (room.ActiveSpeakerPayload is { } speaker)
            {
                await SendAsync(member, RoomEvents.ActiveSpeaker, speaker);
            }

            await SyncSubscriberAsync(room, member);
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>A router on the least-loaded healthy engine, and a new session (call record) with it.</summary>
    private async Task EnsureRouterAsync(Room room)
    {
        if (room.RouterId is not null)
        {
            // EngineOf throws MEDIA001 when the engine was lost under a room that is still being ended.
            EngineOf(room);
            return;
        }

        var engine = engines.Place() ?? throw new RoomException(ErrorCodes.MediaUnavailable, "No media engine is available");
        var generation = engine.Generation;
        var router = await engine.Client.CreateRouterAsync(new V1.CreateRouterRequest(), deadline: Deadline());
        if (!engine.Healthy || engine.Generation != generation)
        {
            // Lost while the router was being made: the engine-lost pass did not see this room yet.
            throw new RoomException(ErrorCodes.MediaUnavailable, "The media engine was lost");
        }

        room.Engine = engine;
        room.EngineGeneration = generation;
        room.RouterId = router.RouterId;
        room.ActiveSpeakerPayload = null;
        routers[router.RouterId] = room.RoomId;
        // A call's room records under the call's id (the call writes the row); a group room's session gets its own.
        room.Session = new RoomSession(room.IsCall ? room.RoomId : Guid.NewGuid().ToString(), time.GetUtcNow());
        RoomsLog.SessionStarted(logger, room.RoomId, room.Session.CallId, engine.Id, router.RouterId);
    }

    /// <summary>
    /// room-publish {roomId, offer}: a publishing transport on the room's router, the answer built with
    /// Voip.Sdp, the transport connected with the browser's DTLS/ICE parameters, one producer per kind (paused
    /// if the member muted that kind), then everyone else is offered the new tracks.
    /// </summary>
    private async Task PublishAsync(SignalingConnection connection, string roomId, string offerSdp, long ackId)
    {
        var (room, member) = await EnterAsync(connection, roomId);
        try
        {
            var client = EngineOf(room);
            var offer = Sdp.SdpParser.Parse(offerSdp);
            if (member.PublishTransportId is not null)
            {
                // Publishing again (new devices, a restarted connection) replaces what was published.
                await ClosePublishingAsync(room, member);
            }

            var transport = await client.CreateWebRtcTransportAsync(new V1.CreateWebRtcTransportRequest { RouterId = room.RouterId }, deadline: Deadline());
            member.PublishTransportId = transport.TransportId;
            owners[transport.TransportId] = (room.RoomId, member.UserId);
            string answerSdp;
            try
            {
                var answer = Sdp.SdpAnswerBuilder.BuildPublisherAnswer(offer, RoomSdpMapping.ToSdp(transport), RoomCapabilities.PublisherCodecs, RoomCapabilities.PublisherExtensions);
                await client.ConnectWebRtcTransportAsync(
                    RoomSdpMapping.Connect(transport.TransportId, answer.RemoteDtls, answer.RemoteIce, answer.LocalDtlsRole), deadline: Deadline());
                foreach (var p in answer.Producers)
                {
                    var kind = p.Kind == Sdp.MediaKind.Audio ? "audio" : "video";
                    if (member.Producers.ContainsKey(kind))
                    {
                        continue;
                    }

                    var produced = await client.ProduceAsync(new V1.ProduceRequest
                    {
                        TransportId = transport.TransportId,
                        Kind = RoomSdpMapping.ToProto(p.Kind),
                        RtpParameters = RoomSdpMapping.ToProto(p.RtpParameters),
                        Paused = kind == "audio" ? !member.AudioEnabled : !member.VideoEnabled,
                    }, deadline: Deadline());
                    member.Producers[kind] = produced.ProducerId;
                    owners[produced.ProducerId] = (room.RoomId, member.UserId);
                }

                answerSdp = Sdp.SdpWriter.Write(answer.Answer);
            }
            catch
            {
                await ClosePublishingAsync(room, member);
                throw;
            }

            connection.Ack(ackId, RoomPayload.Published(room.RoomId, answerSdp));
            foreach (var other in OthersOf(room, member))
            {
                await SyncSubscriberAsync(room, other);
            }
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>Closes the member's publishing transport (the engine closes its producers and their consumers).</summary>
    private async Task ClosePublishingAsync(Room room, RoomMember member)
    {
        if (member.PublishTransportId is { } transportId)
        {
            member.PublishTransportId = null;
            owners.TryRemove(transportId, out _);
            if (room.Engine is { Healthy: true } engine)
            {
                await QuietAsync(room, () => engine.Client.CloseTransportAsync(new V1.CloseTransportRequest { TransportId = transportId }, deadline: Deadline()).ResponseAsync);
            }
        }

        foreach (var producerId in member.Producers.Values)
        {
            owners.TryRemove(producerId, out _);
        }

        member.Producers.Clear();
    }

    private static RoomMember[] OthersOf(Room room, RoomMember member) =>
        [.. room.Members.Values.Where(m => m != member)];
}
