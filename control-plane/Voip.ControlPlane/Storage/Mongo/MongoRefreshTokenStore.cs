using MongoDB.Bson;
using MongoDB.Driver;
using Voip.ControlPlane.Auth;

namespace Voip.ControlPlane.Storage.Mongo;

/// <summary>Refresh tokens in MongoDB; consumption is one conditional findOneAndUpdate.</summary>
public sealed class MongoRefreshTokenStore(MongoDatabaseContext context) : IRefreshTokenStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken) =>
        context.RefreshTokens.InsertOneAsync(
            new BsonDocument
            {
                { "_id", token.TokenId },
                { "familyId", token.FamilyId },
                { "userId", token.UserId },
                { "issuedAt", token.IssuedAt.UtcDateTime },
                { "expiresAt", token.ExpiresAt.UtcDateTime },
                { "usedAt", Date(token.UsedAt) },
                { "revokedAt", Date(token.RevokedAt) },
            },
            cancellationToken: cancellationToken);

    public async Task<(RefreshConsumeStatus Status, RefreshTokenRecord? Token)> ConsumeAsync(string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = Filter.And(
            Filter.Eq("_id", tokenId),
            Filter.Eq("usedAt", BsonNull.Value),
            Filter.Eq("revokedAt", BsonNull.Value),
            Filter.Gt("expiresAt", now.UtcDateTime));
        var doc = await context.RefreshTokens.FindOneAndUpdateAsync(
            filter,
            Builders<BsonDocument>.Update.Set("usedAt", now.UtcDateTime),
            new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        if (doc is not null)
        {
            return (RefreshConsumeStatus.Consumed, FromDocument(doc));
        }

        var existing = await GetAsync(tokenId, cancellationToken);
        return existing switch
        {
            null => (RefreshConsumeStatus.NotFound, null),
            { RevokedAt: not null } => (RefreshConsumeStatus.Revoked, existing),
            { UsedAt: not null } => (RefreshConsumeStatus.Reused, existing),
            _ => (RefreshConsumeStatus.Revoked, existing),
        };
    }

    public async Task<int> RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await context.RefreshTokens.UpdateManyAsync(
            Filter.And(Filter.Eq("familyId", familyId), Filter.Eq("revokedAt", BsonNull.Value)),
            Builders<BsonDocument>.Update.Set("revokedAt", now.UtcDateTime),
            cancellationToken: cancellationToken);
        return (int)result.ModifiedCount;
    }

    public async Task<RefreshTokenRecord?> GetAsync(string tokenId, CancellationToken cancellationToken)
    {
        var doc = await context.RefreshTokens.Find(Filter.Eq("_id", tokenId)).FirstOrDefaultAsync(cancellationToken);
        return doc is null ? null : FromDocument(doc);
    }

    private static BsonValue Date(DateTimeOffset? value) => value is { } v ? new BsonDateTime(v.UtcDateTime) : BsonNull.Value;

    private static DateTimeOffset? OptionalDate(BsonDocument d, string name) =>
        d.GetValue(name, BsonNull.Value) is { IsBsonNull: false } v ? new DateTimeOffset(v.ToUniversalTime()) : null;

    private static RefreshTokenRecord FromDocument(BsonDocument d) => new(
        d["_id"].AsString,
        d["familyId"].AsString,
        d["userId"].AsString,
        new DateTimeOffset(d["issuedAt"].ToUniversalTime()),
        new DateTimeOffset(d["expiresAt"].ToUniversalTime()),
        OptionalDate(d, "usedAt"),
        OptionalDate(d, "revokedAt"));
}
