using Microsoft.Extensions.Logging.Abstractions;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Sqlite;

namespace Voip.ControlPlane.Tests.Storage.Sqlite;

/// <summary>The batched history writer's end write of a call through the engine: status and quality in one statement.</summary>
public class SqliteCallBatchWriterTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private string directory = null!;
    private SqliteDatabase database = null!;
    private SqliteCallStore store = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "voip-batch-writer-" + Guid.NewGuid().ToString("N"));
        database = new SqliteDatabase(new StorageOptions { SqlitePath = Path.Combine(directory, "voip.db") }, NullLogger<SqliteDatabase>.Instance);
        await database.InitializeAsync(None);
        store = new SqliteCallStore(database);
    }

    [TearDown]
    public void TearDown()
    {
        database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private static string User(int i) => i.ToString("x24", System.Globalization.CultureInfo.InvariantCulture);

    private static CallQualityReport Report() => CallQualityReport.From(
    [
        new CallParticipant(User(1), T0, T0.AddSeconds(30), new CallQuality(4.4, 4.1, 1)),
        new CallParticipant(User(2), T0.AddSeconds(2), T0.AddSeconds(30), new CallQuality(4.2, 3.6, 0)),
    ]);

    private static SqliteCallWrite Write(SqliteCallWriteKind kind, string id, string status, DateTimeOffset? end, int duration, CallQualityReport? quality = null) =>
        new(kind, id, User(1), User(2), CallTypes.Video, T0, status, end, duration, quality);

    [Test]
    public async Task StatusWithQuality_UpdatesTheRow_AndAPlainStatusLeavesQualityUnknown()
    {
        using var writer = store.CreateBatchWriter();
        var (withQuality, without) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        writer.Write(
        [
            Write(SqliteCallWriteKind.Create, withQuality, CallStatuses.Initiated, null, 0),
            Write(SqliteCallWriteKind.Create, without, CallStatuses.Initiated, null, 0),
            Write(SqliteCallWriteKind.Status, withQuality, CallStatuses.Completed, T0.AddSeconds(30), 30, Report()),
            Write(SqliteCallWriteKind.Status, without, CallStatuses.Completed, T0.AddSeconds(30), 30),
        ]);

        var call = await store.GetAsync(withQuality, None);
        Assert.That((call!.Status, call.Duration, call.Quality), Is.EqualTo((CallStatuses.Completed, 30, new CallQuality(4.3, 3.85, 1))));
        Assert.That(call.Participants, Is.EqualTo(Report().Participants));
        var plain = await store.GetAsync(without, None);
        Assert.That((plain!.Status, plain.Quality, plain.Participants), Is.EqualTo((CallStatuses.Completed, CallQuality.Unknown, (IReadOnlyList<CallParticipant>?)null)));
    }

    [Test]
    public async Task StatusWithQualityBeforeTheInsert_CreatesTheRowWithIt_AndTheLateInsertKeepsIt()
    {
        using var writer = store.CreateBatchWriter();
        var id = Guid.NewGuid().ToString();
        writer.Write([Write(SqliteCallWriteKind.Status, id, CallStatuses.Failed, T0.AddSeconds(30), 0, Report())]);
        writer.Write([Write(SqliteCallWriteKind.Create, id, CallStatuses.Initiated, null, 0)]);

        var call = await store.GetAsync(id, None);
        Assert.That((call!.Status, call.Quality), Is.EqualTo((CallStatuses.Failed, Report().Quality)));
        Assert.That(call.Participants, Is.EqualTo(Report().Participants));
        Assert.That((await store.GetHistoryAsync(User(2), null, 0, 10, None)).Total, Is.EqualTo(1), "indexed once");
    }
}
