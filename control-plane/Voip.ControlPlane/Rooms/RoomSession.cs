using Voip.ControlPlane.Calls;

namespace Voip.ControlPlane.Rooms;

/// <summary>One room session as it will be written to the call history: who was there, when, and how it sounded.</summary>
internal sealed class RoomSession(string callId, DateTimeOffset startedAt)
{
    public string CallId => callId;

    public DateTimeOffset StartedAt => startedAt;

    /// <summary>Everyone who joined, in order (a user who leaves and comes back keeps one entry).</summary>
    public List<SessionParticipant> Participants { get; } = [];

    public SessionParticipant Enter(string userId, DateTimeOffset now)
    {
        var existing = Participants.Find(p => p.UserId == userId);
        if (existing is not null)
        {
            existing.LeftAt = null;
            return existing;
        }

        var entry = new SessionParticipant(userId, now);
        Participants.Add(entry);
        return entry;
    }

    internal sealed class SessionParticipant(string userId, DateTimeOffset joinedAt)
    {
        public string UserId => userId;

        public DateTimeOffset JoinedAt => joinedAt;

        public DateTimeOffset? LeftAt { get; set; }

        public RoomQualityAccumulator Quality { get; } = new();

        public CallParticipant ToRecord(DateTimeOffset end) => new(
            userId,
            joinedAt,
            LeftAt ?? end,
            new CallQuality(Quality.AvgAudio, Quality.AvgVideo, Quality.ConnectionIssues));
    }
}
