using System.Text.RegularExpressions;
using MongoDB.Bson;
using MongoDB.Driver;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Storage.Mongo;

/// <summary>
/// Users in MongoDB. Every filter is built from typed values with the driver's builders, never from request
/// JSON, so operator injection has nothing to reach; duplicate emails hit the unique index.
/// </summary>
public sealed class MongoUserStore(MongoDatabaseContext context) : IUserStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    public async Task<bool> TryCreateAsync(UserRecord user, CancellationToken cancellationToken)
    {
        try
        {
            await context.Users.InsertOneAsync(ToDocument(user), cancellationToken: cancellationToken);
            return true;
        }
        catch (MongoWriteException ex) when (ex.WriteError.Category == ServerErrorCategory.DuplicateKey)
        {
            return false;
        }
    }

    public async Task<UserRecord?> GetByIdAsync(string id, CancellationToken cancellationToken)
    {
        var doc = await context.Users.Find(Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken);
        return doc is null ? null : FromDocument(doc);
    }

    public async Task<UserRecord?> GetByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        var doc = await context.Users.Find(Filter.Eq("email", normalizedEmail)).FirstOrDefaultAsync(cancellationToken);
        return doc is null ? null : FromDocument(doc);
    }

    public async Task<IReadOnlyList<UserRecord>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var pattern = new BsonRegularExpression(Regex.Escape(query), "i");
        var docs = await context.Users
            .Find(Filter.Or(Filter.Regex("name", pattern), Filter.Regex("email", pattern)))
            .Sort(Builders<BsonDocument>.Sort.Ascending("name").Ascending("_id"))
            .Limit(limit)
            .ToListAsync(cancellationToken);
        return docs.Select(FromDocument).ToArray();
    }

    public async Task<UserRecord?> UpdateProfileAsync(string id, string name, string? avatar, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var update = Builders<BsonDocument>.Update
            .Set("name", name)
            .Set("avatar", avatar is null ? BsonNull.Value : (BsonValue)new BsonString(avatar))
            .Set("updatedAt", updatedAt.UtcDateTime);
        var doc = await context.Users.FindOneAndUpdateAsync(
            Filter.Eq("_id", id),
            update,
            new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken);
        return doc is null ? null : FromDocument(doc);
    }

    internal static UserRecord FromDocument(BsonDocument d) => new(
        d["_id"].AsString,
        d["email"].AsString,
        d["name"].AsString,
        d.GetValue("avatar", BsonNull.Value).IsBsonNull ? null : d["avatar"].AsString,
        d["role"].AsString,
        d["passwordHash"].AsString,
        new DateTimeOffset(d["createdAt"].ToUniversalTime()),
        new DateTimeOffset(d["updatedAt"].ToUniversalTime()));

    private static BsonDocument ToDocument(UserRecord u) => new()
    {
        { "_id", u.Id },
        { "email", u.Email },
        { "name", u.Name },
        { "avatar", u.Avatar is null ? BsonNull.Value : new BsonString(u.Avatar) },
        { "role", u.Role },
        { "passwordHash", u.PasswordHash },
        { "createdAt", u.CreatedAt.UtcDateTime },
        { "updatedAt", u.UpdatedAt.UtcDateTime },
    };
}
