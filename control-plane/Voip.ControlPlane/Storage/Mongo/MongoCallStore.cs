using MongoDB.Bson;
using MongoDB.Driver;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Storage.Mongo;

/// <summary>
/// Calls in MongoDB (seed §4.3.1 document) with a <c>participants</c> array so one multikey index
/// serves "calls by participant, newest first".
/// </summary>
public sealed class MongoCallStore(MongoDatabaseContext context) : ICallStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public Task CreateAsync(CallRecord call, CancellationToken cancellationToken) =>
        context.Calls.InsertOneAsync(ToDocument(call), cancellationToken: cancellationToken);

    public async Task<CallRecord?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        var doc = await context.Calls.Find(Filter.Eq("_id", callId)).FirstOrDefaultAsync(cancellationToken);
        return doc is null ? null : FromDocument(doc);
    }

    public async Task<CallHistoryPage> GetHistoryAsync(string userId, string? callType, int skip, int limit, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("participants", userId);
        if (callType is not null)
        {
            filter = Filter.And(filter, Filter.Eq("callType", callType));
        }

        var total = await context.Calls.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
        var docs = await context.Calls.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Descending("startTime").Descending("_id"))
            .Skip(skip)
            .Limit(limit)
            .ToListAsync(cancellationToken);
        var ids = docs.SelectMany(d => new[] { d["callerId"].AsString, d["calleeId"].AsString }).Distinct().ToArray();
        var users = (await context.Users.Find(Filter.In("_id", ids)).ToListAsync(cancellationToken))
            .Select(MongoUserStore.FromDocument)
            .ToDictionary(u => u.Id, u => new UserSummary(u.Id, u.Name, u.Avatar));
        UserSummary Summary(string id) => users.TryGetValue(id, out var s) ? s : new UserSummary(id, "Deleted user", null);
        var calls = docs.Select(d => FromDocument(d)).Select(c => new CallHistoryEntry(
            c.CallId, Summary(c.CallerId), Summary(c.CalleeId), c.CallType, c.StartTime, c.EndTime, c.Duration, c.Status)).ToArray();
        return new CallHistoryPage(calls, total);
    }

    public async Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CancellationToken cancellationToken)
    {
        var update = Builders<BsonDocument>.Update
            .Set("status", status)
            .Set("endTime", endTime is { } e ? (BsonValue)new BsonDateTime(e.UtcDateTime) : BsonNull.Value)
            .Set("duration", duration);
        var result = await context.Calls.UpdateOneAsync(Filter.Eq("_id", callId), update, cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> UpdateStatusAsync(string callId, string status, DateTimeOffset? endTime, int duration, CallQualityReport quality, CancellationToken cancellationToken)
    {
        var update = Builders<BsonDocument>.Update
            .Set("status", status)
            .Set("endTime", endTime is { } e ? (BsonValue)new BsonDateTime(e.UtcDateTime) : BsonNull.Value)
            .Set("duration", duration)
            .Set("quality", QualityDocument(quality.Quality))
            .Set("groupParticipants", ParticipantsArray(quality.Participants));
        var result = await context.Calls.UpdateOneAsync(Filter.Eq("_id", callId), update, cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    public async Task<bool> MarkAcceptedAsync(string callId, DateTimeOffset startTime, CancellationToken cancellationToken)
    {
        var update = Builders<BsonDocument>.Update
            .Set("status", CallStatuses.Active)
            .Set("startTime", new BsonDateTime(startTime.UtcDateTime));
        var result = await context.Calls.UpdateOneAsync(Filter.Eq("_id", callId), update, cancellationToken: cancellationToken);
        return result.MatchedCount == 1;
    }

    private static BsonDocument ToDocument(CallRecord c) => new()
    {
        { "_id", c.CallId },
        { "callerId", c.CallerId },
        { "calleeId", c.CalleeId },
        { "participants", new BsonArray(c.ParticipantIds()) },
        { "callType", c.CallType },
        { "startTime", c.StartTime.UtcDateTime },
        { "endTime", c.EndTime is { } e ? new BsonDateTime(e.UtcDateTime) : BsonNull.Value },
        { "duration", c.Duration },
        { "status", c.Status },
        {
            "recordings", new BsonArray(c.Recordings.Select(r => new BsonDocument
            {
                { "recordingId", r.RecordingId },
                { "fileName", r.FileName },
                { "duration", r.Duration },
                { "size", r.Size },
                { "createdAt", r.CreatedAt.UtcDateTime },
            }))
        },
        {
            "quality", new BsonDocument
            {
                { "avgAudioQuality", c.Quality.AvgAudioQuality is { } a ? new BsonDouble(a) : BsonNull.Value },
                { "avgVideoQuality", c.Quality.AvgVideoQuality is { } v ? new BsonDouble(v) : BsonNull.Value },
                { "connectionIssues", c.Quality.ConnectionIssues },
            }
        },
        {
            // Group (room) calls: each participant's times and quality (1:1 calls through the engine get theirs at the end).
            "groupParticipants", c.Participants is null ? BsonNull.Value : ParticipantsArray(c.Participants)
        },
    };

    /// <summary>Each participant's times and quality (group calls, and 1:1 calls through the engine once they end).</summary>
    private static BsonArray ParticipantsArray(IEnumerable<CallParticipant> participants) => new(participants.Select(p => new BsonDocument
    {
        { "userId", p.UserId },
        { "joinedAt", p.JoinedAt.UtcDateTime },
        { "leftAt", p.LeftAt.UtcDateTime },
        { "quality", QualityDocument(p.Quality) },
    }));

    private static BsonDocument QualityDocument(CallQuality q) => new()
    {
        { "avgAudioQuality", q.AvgAudioQuality is { } a ? new BsonDouble(a) : BsonNull.Value },
        { "avgVideoQuality", q.AvgVideoQuality is { } v ? new BsonDouble(v) : BsonNull.Value },
        { "connectionIssues", q.ConnectionIssues },
    };

    private static CallQuality QualityFrom(BsonDocument quality)
    {
        double? Number(string name) => quality.GetValue(name, BsonNull.Value) is { IsBsonNull: false } v ? v.ToDouble() : null;
        return new CallQuality(Number("avgAudioQuality"), Number("avgVideoQuality"), quality.GetValue("connectionIssues", 0).ToInt32());
    }

    private static CallRecord FromDocument(BsonDocument d)
    {
        var quality = d.GetValue("quality", new BsonDocument()).AsBsonDocument;
        double? Number(string name) => quality.GetValue(name, BsonNull.Value) is { IsBsonNull: false } v ? v.ToDouble() : null;
        return new CallRecord(
            d["_id"].AsString,
            d["callerId"].AsString,
            d["calleeId"].AsString,
            d["callType"].AsString,
            new DateTimeOffset(d["startTime"].ToUniversalTime()),
            d.GetValue("endTime", BsonNull.Value) is { IsBsonNull: false } e ? new DateTimeOffset(e.ToUniversalTime()) : null,
            d.GetValue("duration", 0).ToInt32(),
            d["status"].AsString,
            d.GetValue("recordings", new BsonArray()).AsBsonArray.Select(r => r.AsBsonDocument).Select(r => new CallRecording(
                r["recordingId"].AsString,
                r["fileName"].AsString,
                r["duration"].ToInt32(),
                r["size"].ToInt64(),
                new DateTimeOffset(r["createdAt"].ToUniversalTime()))).ToArray(),
            new CallQuality(Number("avgAudioQuality"), Number("avgVideoQuality"), quality.GetValue("connectionIssues", 0).ToInt32()),
            d.GetValue("groupParticipants", BsonNull.Value) is BsonArray group
                ? group.Select(p => p.AsBsonDocument).Select(p => new CallParticipant(
                    p["userId"].AsString,
                    new DateTimeOffset(p["joinedAt"].ToUniversalTime()),
                    new DateTimeOffset(p["leftAt"].ToUniversalTime()),
                    QualityFrom(p.GetValue("quality", new BsonDocument()).AsBsonDocument))).ToArray()
                : null);
    }
}
