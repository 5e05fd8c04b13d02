using Voip.ControlPlane.Hosting;

namespace Voip.ControlPlane.Storage;

/// <summary>Where data lives: MONGODB_URL selects MongoDB; otherwise SQLite at SQLITE_PATH (default data/voip.db).</summary>
public sealed class StorageOptions
{
    public string? MongoUrl { get; init; }

    public string SqlitePath { get; init; } = Path.Combine("data", "voip.db");

    public static StorageOptions Read(SettingsReader reader)
    {
        var mongo = reader.String("MONGODB_URL");
        if (mongo is not null && !mongo.StartsWith("mongodb://", StringComparison.Ordinal) && !mongo.StartsWith("mongodb+srv://", StringComparison.Ordinal))
        {
            reader.Fail($"MONGODB_URL must start with mongodb:// or mongodb+srv:// (got '{mongo.Split('@')[^1]}')");
        }

        return new StorageOptions
        {
            MongoUrl = mongo,
            SqlitePath = reader.String("SQLITE_PATH", Path.Combine("data", "voip.db"))!,
        };
    }
}
