using Voip.ControlPlane.Common;
using Voip.ControlPlane.Signaling;

namespace Voip.ControlPlane.Rooms;

public sealed partial class RoomService
{
    /// <summary>Whether a call through the engine could get a room now (some engine is healthy).</summary>
    internal bool CanPlaceCall => engines.Engines.Any(e => e.Healthy);

    /// <summary>
    /// The room of an accepted <c>via: "sfu"</c> call: id = the call id, only its two users may join, and the router
    /// is placed now on the least-loaded engine (so a missing engine fails the accept, not a later join). Both
    /// sides then use the room events (room-join, room-publish, …) with the call id as roomId.
    /// </summary>
    /// <exception cref="RoomException">MEDIA001 when no engine is available or it was lost meanwhile.</exception>
    internal async Task OpenCallRoomAsync(string callId, string callerId, string calleeId)
    {
        var now = time.GetUtcNow();
        var room = new Room(callId, "1:1 call", callerId, now) { CallUsers = [callerId, calleeId], EmptySince = now };
        if (!rooms.TryAdd(callId, room))
        {
            throw new RoomException(ErrorCodes.CallFailed, "This call already has a room");
        }

        await room.Gate.WaitAsync();
        try
        {
            await EnsureRouterAsync(room);
        }
        catch
        {
            room.Closed = true;
            rooms.TryRemove(callId, out _);
            throw;
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>
    /// The call ended (hang-up, grace expiry, failure): its room closes — members' engine objects forgotten and the
    /// router closed (the engine closes its transports, producers and consumers with it). Nothing when the call had
    /// no room (never accepted) or the room is already gone (engine lost). Returns the quality its members had
    /// (sampled every ROOM_STATS_INTERVAL and once more now, as in group rooms), for the call's end write; null without a room or session.
    /// </summary>
    internal async Task<Calls.CallQualityReport?> CloseCallRoomAsync(string callId)
    {
        if (!rooms.TryGetValue(callId, out var room) || !room.IsCall)
        {
            return null;
        }

        await room.Gate.WaitAsync();
        try
        {
            if (room.Closed)
            {
                return null;
            }

            // A last quality sample of whoever is still in, as a group room's leave takes (short calls get one too).
            foreach (var member in room.Members.Values.ToArray())
            {
                await SampleMemberAsync(room, member);
            }

            CloseAndEmpty(room);
            return await EndSessionAsync(room, Calls.CallStatuses.Completed, "call ended");
        }
        finally
        {
            room.Gate.Release();
        }
    }

    /// <summary>The seed's <c>toggle-audio</c>/<c>toggle-video</c> {roomId, userId, enabled} to the other user of a call's room.</summary>
    private Task TellCallPeerAsync(string[] callUsers, string userId, string eventName, bool enabled, string callId)
    {
        var peer = callUsers[0] == userId ? callUsers[1] : callUsers[0];
        var payload = SignalPayload.Build((callId, userId, enabled), static (w, s) =>
        {
            w.WriteString("roomId", s.callId);
            w.WriteString("userId", s.userId);
            w.WriteBoolean("enabled", s.enabled);
        });
        return hub.SendToUserAsync(peer, eventName, payload);
    }
}
