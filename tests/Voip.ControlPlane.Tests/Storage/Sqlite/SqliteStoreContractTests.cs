using Microsoft.Extensions.Logging.Abstractions;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Sqlite;

namespace Voip.ControlPlane.Tests.Storage.Sqlite;

public class SqliteStoreContractTests : StoreContractTests
{
    private string directory = null!;

    [OneTimeSetUp]
    public async Task SetUpAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "voip-cp-sqlite-" + Guid.NewGuid().ToString("N"));
        var database = new SqliteDatabase(new StorageOptions { SqlitePath = Path.Combine(directory, "nested", "voip.db") }, NullLogger<SqliteDatabase>.Instance);
        await database.InitializeAsync(CancellationToken.None);
        await database.InitializeAsync(CancellationToken.None); // migrations are idempotent
        Assert.That(await database.IsReadyAsync(CancellationToken.None), Is.True);
        Users = new SqliteUserStore(database);
        RefreshTokens = new SqliteRefreshTokenStore(database);
        Calls = new SqliteCallStore(database);
    }

    [OneTimeTearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Database_UsesWalJournal_AndRecordsSchemaVersion()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "nested", "voip.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("wal"));
        command.CommandText = "PRAGMA user_version";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(2L), "schema steps: initial, group call participants");
    }
}
