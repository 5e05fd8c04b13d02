using Grpc.Core;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Media;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

public sealed partial class RoomService
{
    /// <summary>
    /// The engine is gone, and with it every router on it: each of its rooms ends — the session is written as
    /// <c>failed</c> first (so history shows it by the time anyone looks), then every member gets
    /// <c>room-ended {code: MEDIA001}</c> and a <c>room-error</c>. A 1:1 call's room ends its call as failed (MEDIA001).
    /// </summary>
    public async Task OnEngineLostAsync(MediaEngineNode engine, string reason)
    {
        List<(string CallId, CallQualityReport? Quality)>? lostCalls = null;
        foreach (var room in rooms.Values)
        {
            if (room.Engine != engine)
            {
                continue;
            }

            await room.Gate.WaitAsync();
            try
            {
                if (room.Engine != engine || room.Closed)
                {
                    continue;
                }

                var members = CloseAndEmpty(room);
                var callId = room.Session?.CallId;
                var quality = await EndSessionAsync(room, CallStatuses.Failed, "media engine lost: " + reason);
                var message = "The media server for this room was lost";
                var ended = RoomPayload.Ended(room.RoomId, ErrorCodes.MediaUnavailable, message, callId);
                var error = RoomPayload.Error(ErrorCodes.MediaUnavailable, message, room.RoomId);
                foreach (var member in members)
                {
                    await SendAsync(member, RoomEvents.Ended, ended);
                    await SendAsync(member, RoomEvents.Error, error);
                }

                if (room.IsCall)
                {
                    (lostCalls ??= []).Add((room.RoomId, quality));
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }

        // Outside the room gates: ending a call closes its room, which takes the gate.
        foreach (var (callId, quality) in lostCalls ?? [])
        {
            await calls.OnSfuMediaLostAsync(callId, "The media server for this call was lost", quality);
        }
    }

    /// <summary>
    /// Closes the room (under its gate) and takes every member out at once: their time in the session ends now and
    /// their engine objects are forgotten. Returns who was in, to be told.
    /// </summary>
    private RoomMember[] CloseAndEmpty(Room room)
    {
        room.Closed = true;
        rooms.TryRemove(room.RoomId, out _);
        var now = time.GetUtcNow();
        RoomMember[] members;
        lock (room.Members)
        {
            members = [.. room.Members.Values];
            room.Members.Clear();
        }

        foreach (var member in members)
        {
            if (member.SessionEntry is { } entry)
            {
                entry.LeftAt = now;
            }

            ForgetMember(member);
        }

        return members;
    }

    private void ForgetMember(RoomMember member)
    {
        if (member.PublishTransportId is { } p)
        {
            owners.TryRemove(p, out _);
        }

        if (member.SubscribeTransportId is { } s)
        {
            owners.TryRemove(s, out _);
        }

        foreach (var id in member.Producers.Values)
        {
            owners.TryRemove(id, out _);
        }

        foreach (var c in member.Consumers.Values)
        {
            owners.TryRemove(c.ConsumerId, out _);
        }
    }

    /// <summary>Active speaker → room-active-speaker to the room; a failed transport counts as a connection issue.</summary>
    public async Task OnEngineEventAsync(MediaEngineNode engine, V1.EngineEvent engineEvent)
    {
        switch (engineEvent.EventCase)
        {
            case V1.EngineEvent.EventOneofCase.ActiveSpeaker:
            {
                var e = engineEvent.ActiveSpeaker;
                if (!routers.TryGetValue(e.RouterId, out var roomId) || !rooms.TryGetValue(roomId, out var room))
                {
                    return;
                }

                string? userId = null;
                if (e.ProducerId.Length > 0)
                {
                    if (!owners.TryGetValue(e.ProducerId, out var owner) || owner.RoomId != roomId)
                    {
                        return;
                    }

                    userId = owner.UserId;
                }

                var payload = RoomPayload.ActiveSpeaker(roomId, userId, e.AudioLevelDbov);
                room.ActiveSpeakerPayload = payload;
                await BroadcastAsync(room, RoomEvents.ActiveSpeaker, payload, null);
                break;
            }

            case V1.EngineEvent.EventOneofCase.Transport when engineEvent.Transport.State == V1.TransportState.Failed:
            {
                if (owners.TryGetValue(engineEvent.Transport.TransportId, out var owner) && rooms.TryGetValue(owner.RoomId, out var room))
                {
                    lock (room.Members)
                    {
                        if (room.Members.TryGetValue(owner.UserId, out var member))
                        {
                            lock (member)
                            {
                                member.SessionEntry?.Quality.AddFailure();
                            }
                        }
                    }
                }

                break;
            }
        }
    }

    /// <summary>
    /// One quality sample of a member (under the room gate): what it receives (consumer stats, from its
    /// receiver reports) and what it sends (producer stats), scored per kind with <see cref="RoomQuality.Mos"/>.
    /// Streams that carried nothing since the start, or are paused, are not scored.
    /// </summary>
    private async Task SampleMemberAsync(Room room, RoomMember member)
    {
        if (member.SessionEntry is not { } entry || room.Engine is not { Healthy: true } engine || engine.Generation != room.EngineGeneration)
        {
            return;
        }

        var client = engine.Client;
        var audio = new List<double>();
        var video = new List<double>();
        try
        {
            foreach (var consumer in member.Consumers.Values)
            {
                var stats = await client.GetConsumerStatsAsync(new V1.ConsumerIdRequest { ConsumerId = consumer.ConsumerId }, deadline: Deadline());
                if (stats.Paused || stats.ProducerPaused || stats.Packets == 0)
                {
                    continue;
                }

                (stats.Kind == V1.MediaKind.Audio ? audio : video).Add(RoomQuality.Mos(stats.FractionLost, stats.JitterMs, stats.RoundTripMs));
            }

            foreach (var producerId in member.Producers.Values)
            {
                var stats = await client.GetProducerStatsAsync(new V1.ProducerIdRequest { ProducerId = producerId }, deadline: Deadline());
                if (stats.Paused)
                {
                    continue;
                }

                foreach (var stream in stats.Streams.Where(s => s.Packets > 0))
                {
                    (stats.Kind == V1.MediaKind.Audio ? audio : video).Add(RoomQuality.Mos(stream.FractionLost, stream.JitterMs, stream.RoundTripMs));
                }
            }
        }
        catch (RpcException ex)
        {
            // A consumer or producer closed between the listing and the call: skip this round.
            RoomsLog.CleanupFailed(logger, ex, room.RoomId);
            return;
        }

        if (audio.Count > 0 || video.Count > 0)
        {
            lock (member)
            {
                entry.Quality.Add(audio.Count > 0 ? audio.Average() : null, video.Count > 0 ? video.Average() : null);
            }
        }
    }

    /// <summary>
    /// Periodic work (every ROOM_STATS_INTERVAL): a quality sample of every member, and rooms empty for longer
    /// than ROOM_EMPTY_TTL are forgotten.
    /// </summary>
    internal async Task MaintainAsync()
    {
        var now = time.GetUtcNow();
        foreach (var room in rooms.Values)
        {
            await room.Gate.WaitAsync();
            try
            {
                if (room.Closed)
                {
                    continue;
                }

                if (room.Members.Count == 0 && !room.IsCall && room.EmptySince is { } since && now - since >= options.EmptyTtl)
                {
                    room.Closed = true;
                    rooms.TryRemove(room.RoomId, out _);
                    continue;
                }

                // A 1:1 call's room is sampled too: its quality goes into the call's row when the call ends.
                foreach (var member in room.Members.Values)
                {
                    await SampleMemberAsync(room, member);
                }
            }
            finally
            {
                room.Gate.Release();
            }
        }
    }
}
