using Voip.ControlPlane.Media;

namespace Voip.ControlPlane.Rooms;

/// <summary>
/// A group room on this replica. Every change (join, publish, renegotiation, leave, engine loss) runs under
/// <see cref="Gate"/>, so a room's engine calls and offers happen in one order. The router is created on the
/// first join and closed when the room empties; a session (one call record) runs from the first join to
/// the room emptying or its engine being lost.
/// </summary>
public sealed class Room(string roomId, string name, string createdBy, DateTimeOffset createdAt)
{
    public string RoomId => roomId;

    public string Name => name;

    public string CreatedBy => createdBy;

    public DateTimeOffset CreatedAt => createdAt;

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Members by user id (one device per user in a room).</summary>
    internal Dictionary<string, RoomMember> Members { get; } = new(StringComparer.Ordinal);

    internal MediaEngineNode? Engine { get; set; }

    internal long EngineGeneration { get; set; }

    internal string? RouterId { get; set; }

    internal RoomSession? Session { get; set; }

    /// <summary>The last room-active-speaker sent, so someone joining later learns who is talking now.</summary>
    internal string? ActiveSpeakerPayload { get; set; }

    internal DateTimeOffset? EmptySince { get; set; }

    /// <summary>
    /// The two users of the 1:1 call this room carries (<c>via: "sfu"</c>; room id = call id), or null for a group
    /// room. A call's room admits only them, is not listed, outlives being empty and is closed by the call's end;
    /// the call, not the room, writes the history row.
    /// </summary>
    internal string[]? CallUsers { get; init; }

    internal bool IsCall => CallUsers is not null;

    /// <summary>Ended for good (engine lost, or forgotten after being empty): no more joins.</summary>
    internal bool Closed { get; set; }

    internal void AddMember(RoomMember member)
    {
        lock (Members)
        {
            Members[member.UserId] = member;
        }
    }

    internal void RemoveMember(string userId)
    {
        lock (Members)
        {
            Members.Remove(userId);
        }
    }

    /// <summary>A snapshot of the participants (take it under <see cref="Gate"/>, or accept a slightly stale list).</summary>
    internal RoomParticipantInfo[] Snapshot()
    {
        lock (Members)
        {
            return [.. Members.Values.OrderBy(m => m.JoinedAt).Select(m => new RoomParticipantInfo(m.UserId, m.Name, m.AudioEnabled, m.VideoEnabled))];
        }
    }
}
