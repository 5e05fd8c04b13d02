using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Sqlite;

namespace Voip.ControlPlane.Tests.Storage.Sqlite;

public class SqliteReaderPoolTests
{
    private string directory = null!;
    private string path = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "voip-cp-pool-" + Guid.NewGuid().ToString("N"));
        path = Path.Combine(directory, "voip.db");
        using var database = new SqliteDatabase(new StorageOptions { SqlitePath = path }, NullLogger<SqliteDatabase>.Instance);
        await database.InitializeAsync(CancellationToken.None);
    }

    [TearDown]
    public void TearDown()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Rent_QueuesBeyondSize_AndReusesConnectionsWithTheirStatements()
    {
        using var pool = new SqliteReaderPool(path, 2);
        var a = await pool.RentAsync(CancellationToken.None);
        var b = await pool.RentAsync(CancellationToken.None);
        Assert.That(a.Reader, Is.Not.SameAs(b.Reader));
        var third = pool.RentAsync(CancellationToken.None).AsTask();
        await Task.Delay(50);
        Assert.That(third.IsCompleted, Is.False, "a third request waits for a free reader");

        var statement = a.Reader.Statement("SELECT COUNT(*) FROM users");
        a.Dispose();
        var c = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(c.Reader, Is.SameAs(a.Reader));
        Assert.That(c.Reader.Statement("SELECT COUNT(*) FROM users"), Is.SameAs(statement), "statements are compiled once per connection");
        c.Dispose();
        b.Dispose();
    }

    [Test]
    public async Task Rent_Cancelled_GivesBackItsSlot()
    {
        using var pool = new SqliteReaderPool(path, 1);
        var held = await pool.RentAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        Assert.That(async () => await pool.RentAsync(cancel.Token), Throws.InstanceOf<OperationCanceledException>());
        held.Dispose();
        (await pool.RentAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Test]
    public async Task Dispose_LeavesRentedReaderUsableUntilReturned()
    {
        var pool = new SqliteReaderPool(path, 2);
        var lease = await pool.RentAsync(CancellationToken.None);
        pool.Dispose();
        var reader = lease.Reader;
        var statement = reader.Statement("SELECT 41 + 1");
        Assert.That(reader.Step(statement), Is.True);
        Assert.That(raw.sqlite3_column_int(statement, 0), Is.EqualTo(42));
        SqliteReader.Reset(statement);
        lease.Dispose();
        Assert.That(reader.Handle.IsClosed, Is.True, "returned after Dispose, the reader is closed");
        Assert.That(async () => await pool.RentAsync(CancellationToken.None), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public void Statement_Error_IsSqliteException()
    {
        using var reader = new SqliteReader(path);
        Assert.That(() => reader.Statement("SELECT nope FROM nowhere"), Throws.InstanceOf<Microsoft.Data.Sqlite.SqliteException>());
    }
}
