using Sdp = Voip.Sdp;

namespace Voip.ControlPlane.Rooms;

/// <summary>
/// One user in a room: the socket that speaks for them, one publishing transport (its producers by kind) and
/// one subscribing transport whose SDP this side offers. At most one subscriber offer is outstanding; a
/// change meanwhile sets <see cref="Dirty"/> and is offered once the answer is in (no glare, RFC 8829 §4.1.8).
/// </summary>
internal sealed class RoomMember(string userId, string name, string sid, DateTimeOffset joinedAt)
{
    public string UserId => userId;

    public string Name => name;

    public string Sid { get; set; } = sid;

    public DateTimeOffset JoinedAt => joinedAt;

    public bool AudioEnabled { get; set; } = true;

    public bool VideoEnabled { get; set; } = true;

    /// <summary>Set while the socket is gone and the reconnect grace runs.</summary>
    public string? GoneSid { get; set; }

    public string? PublishTransportId { get; set; }

    /// <summary>Producer ids by kind ("audio", "video").</summary>
    public Dictionary<string, string> Producers { get; } = new(StringComparer.Ordinal);

    public string? SubscribeTransportId { get; set; }

    public Sdp.SubscriberSdpSession? Subscriber { get; set; }

    public bool SubscriberConnected { get; set; }

    /// <summary>What this member receives, by producer id.</summary>
    public Dictionary<string, RoomConsumer> Consumers { get; } = new(StringComparer.Ordinal);

    public bool OfferOutstanding { get; set; }

    public bool Dirty { get; set; }

    /// <summary>Consumers created paused for the outstanding offer; resumed once it is answered.</summary>
    public List<RoomConsumer> PendingResume { get; } = [];

    /// <summary>This member's entry in the session's history record (quality goes there).</summary>
    public RoomSession.SessionParticipant? SessionEntry { get; set; }
}
