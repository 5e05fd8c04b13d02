using System.Collections.Concurrent;
using Grpc.Core;
using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Media;
using Voip.ControlPlane.Signaling;
using V1 = Voip.Media.Control.V1;

namespace Voip.ControlPlane.Rooms;

/// <summary>
/// Group rooms through the media engine: the room list (REST), the room socket events, subscriber
/// renegotiation, the reaction to engine events and lost engines, and the room's call record. Rooms live on
/// the replica that created them (their members' events reach them through <see cref="SignalingHub"/>).
/// </summary>
public sealed partial class RoomService : IMediaEngineListener
{
    private const int MaxNameLength = 100;

    private readonly ConcurrentDictionary<string, Room> rooms = new(StringComparer.Ordinal);

    /// <summary>Engine object → its room (router id, transport id or producer id), for engine events.</summary>
    private readonly ConcurrentDictionary<string, (string RoomId, string UserId)> owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> routers = new(StringComparer.Ordinal);

    private readonly MediaEngineRegistry engines;
    private readonly SignalingHub hub;
    private readonly CallCoordinator calls;
    private readonly ICallStore history;
    private readonly RoomOptions options;
    private readonly SignalingOptions signaling;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public RoomService(MediaEngineRegistry engines, SignalingHub hub, CallCoordinator calls, ICallStore history, RoomOptions options, SignalingOptions signaling, TimeProvider time, ILogger<RoomService> logger)
    {
        this.engines = engines;
        this.hub = hub;
        this.calls = calls;
        this.history = history;
        this.options = options;
        this.signaling = signaling;
        this.time = time;
        this.logger = logger;
        engines.AddListener(this);

        // 1:1 calls through the engine (via "sfu") get their rooms here; this service is built at startup (its
        // maintenance service is hosted), so the coordinator has it before the first call.
        calls.UseRooms(this);
    }

    public RoomOptions Options => options;

    /// <summary>Creates an empty room (no engine resources until someone joins).</summary>
    public Room Create(AuthenticatedUser user, string? name)
    {
        var trimmed = name?.Trim();
        if (trimmed is { Length: > MaxNameLength })
        {
            throw new RoomException(ErrorCodes.Validation, $"name must be at most {MaxNameLength} characters");
        }

        if (string.IsNullOrEmpty(trimmed))
        {
            trimmed = user.Name + "'s room";
        }

        var room = new Room(Guid.NewGuid().ToString(), trimmed, user.UserId, time.GetUtcNow()) { EmptySince = time.GetUtcNow() };
        rooms[room.RoomId] = room;
        return room;
    }

    public Room? Find(string roomId) => rooms.TryGetValue(roomId, out var room) && !room.Closed ? room : null;

    /// <summary>Group rooms a user can join or is in (every open one: they carry no access list yet; calls' rooms are private), newest first.</summary>
    public IReadOnlyList<Room> List() => [.. rooms.Values.Where(r => !r.Closed && !r.IsCall).OrderByDescending(r => r.CreatedAt)];

    /// <summary>Whether the user is in the room now (toggles with this room id belong to the room).</summary>
    public bool IsMember(string roomId, string userId)
    {
        if (!rooms.TryGetValue(roomId, out var room))
        {
            return false;
        }

        lock (room.Members)
        {
            return room.Members.ContainsKey(userId);
        }
    }

    private Task SendAsync(RoomMember member, string eventName, string payload) =>
        hub.SendToUserAsync(member.UserId, eventName, payload, only: member.Sid);

    private async Task BroadcastAsync(Room room, string eventName, string payload, string? exceptUserId)
    {
        RoomMember[] members;
        lock (room.Members)
        {
            members = [.. room.Members.Values];
        }

        foreach (var member in members)
        {
            if (member.UserId != exceptUserId)
            {
                await SendAsync(member, eventName, payload);
            }
        }
    }

    /// <summary>The room's engine client, or MEDIA001 when the engine it was placed on is gone.</summary>
    private V1.MediaEngine.MediaEngineClient EngineOf(Room room)
    {
        if (room.Engine is not { } engine || !engine.Healthy || engine.Generation != room.EngineGeneration || room.RouterId is null)
        {
            throw new RoomException(ErrorCodes.MediaUnavailable, "The media engine of this room is not available");
        }

        return engine.Client;
    }

    private DateTime Deadline() => engines.Deadline();

    /// <summary>Engine cleanup (closing what we are done with) must not fail the flow that does it.</summary>
    private async Task QuietAsync(Room room, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (RpcException ex)
        {
            RoomsLog.CleanupFailed(logger, ex, room.RoomId);
        }
    }
}
