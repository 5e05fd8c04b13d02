using MongoDB.Bson;
using MongoDB.Driver;

namespace Voip.ControlPlane.Storage.Mongo;

/// <summary>
/// The MongoDB database named in MONGODB_URL (default "voip") and its collections; creates the indexes at
/// start-up: unique email, refresh tokens by family (+ TTL on expiry), calls by participant and start time.
/// </summary>
public sealed class MongoDatabaseContext : IStoreInitializer, IDependencyCheck
{
    private readonly ILogger<MongoDatabaseContext> logger;

    public MongoDatabaseContext(StorageOptions options, ILogger<MongoDatabaseContext> logger)
    {
        this.logger = logger;
        var url = MongoUrl.Create(options.MongoUrl);
        var client = new MongoClient(url);
        Database = client.GetDatabase(string.IsNullOrEmpty(url.DatabaseName) ? "voip" : url.DatabaseName);
        Users = Database.GetCollection<BsonDocument>("users");
        RefreshTokens = Database.GetCollection<BsonDocument>("refresh_tokens");
        Calls = Database.GetCollection<BsonDocument>("calls");
    }

    public string Name => "mongodb";

    public IMongoDatabase Database { get; }

    public IMongoCollection<BsonDocument> Users { get; }

    public IMongoCollection<BsonDocument> RefreshTokens { get; }

    public IMongoCollection<BsonDocument> Calls { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        await Users.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("email"), new CreateIndexOptions { Unique = true, Name = "ux_email" }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("name"), new CreateIndexOptions { Name = "ix_name" }),
            ],
            cancellationToken);
        await RefreshTokens.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("familyId"), new CreateIndexOptions { Name = "ix_family" }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("expiresAt"), new CreateIndexOptions { Name = "ttl_expires", ExpireAfter = TimeSpan.Zero }),
            ],
            cancellationToken);
        await Calls.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("participants").Descending("startTime").Descending("_id"), new CreateIndexOptions { Name = "ix_participant_start" }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("participants").Ascending("callType").Descending("startTime").Descending("_id"), new CreateIndexOptions { Name = "ix_participant_type_start" }),
            ],
            cancellationToken);
        StorageLog.MongoReady(logger, Database.DatabaseNamespace.DatabaseName);
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var reply = await Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
        return reply.GetValue("ok", 0).ToDouble() == 1;
    }
}
