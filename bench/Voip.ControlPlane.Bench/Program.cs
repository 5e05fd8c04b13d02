using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Storage;
using Voip.ControlPlane.Storage.Sqlite;
using Voip.ControlPlane.Users;

// Seeds a SQLite store for the call-history load test and prints an access token for the user whose
// history is read. Usage: seed <db path> <calls> <jwt secret>
if (args.Length != 4 || args[0] != "seed")
{
    Console.Error.WriteLine("usage: voip-control-plane-bench seed <sqlite path> <calls> <jwt secret>");
    return 2;
}

var path = args[1];
var callCount = int.Parse(args[2], CultureInfo.InvariantCulture);
var secret = args[3];
var time = TimeProvider.System;
var watch = Stopwatch.StartNew();
var database = new SqliteDatabase(new StorageOptions { SqlitePath = path }, NullLogger<SqliteDatabase>.Instance);
await database.InitializeAsync(CancellationToken.None);
var users = new SqliteUserStore(database);
var calls = new SqliteCallStore(database);
var now = time.GetUtcNow();

// The user under test takes part in every call; 1,000 peers with names and avatars on the other side.
var hash = PasswordHasher.Hash("bench-password-1", 1000);
var me = new UserRecord(ObjectIds.New(time), $"bench-{Guid.NewGuid():N}@example.com", "Bench User", "https://cdn.example.com/me.png", Roles.User, hash, now, now);
await users.TryCreateAsync(me, CancellationToken.None);
var peers = new List<UserRecord>();
for (var i = 0; i < 1000; i++)
{
    var peer = new UserRecord(ObjectIds.New(time), $"peer{i}-{Guid.NewGuid():N}@example.com", $"Peer {i}", $"https://cdn.example.com/{i}.png", Roles.User, hash, now, now);
    await users.TryCreateAsync(peer, CancellationToken.None);
    peers.Add(peer);
}

var random = new Random(42);
string[] statuses = [CallStatuses.Completed, CallStatuses.Missed, CallStatuses.Rejected, CallStatuses.Failed];
const int Batch = 10_000;
for (var done = 0; done < callCount; done += Batch)
{
    var batch = Enumerable.Range(done, Math.Min(Batch, callCount - done)).Select(i =>
    {
        var peer = peers[random.Next(peers.Count)];
        var start = now.AddSeconds(-i * 60);
        var duration = random.Next(0, 3600);
        var (caller, callee) = i % 2 == 0 ? (me.Id, peer.Id) : (peer.Id, me.Id);
        return new CallRecord(Guid.NewGuid().ToString(), caller, callee, i % 3 == 0 ? CallTypes.Audio : CallTypes.Video, start, start.AddSeconds(duration), duration,
            statuses[random.Next(statuses.Length)], [], CallQuality.Unknown);
    });
    await calls.CreateManyAsync(batch, CancellationToken.None);
}

var tokens = new TokenService(new AuthOptions { JwtSecret = secret, AccessTokenLifetime = TimeSpan.FromHours(2), RefreshTokenLifetime = TimeSpan.FromDays(1) }, time);
Console.Error.WriteLine($"seeded {callCount} calls for {me.Id} in {watch.Elapsed.TotalSeconds:F1}s");
Console.WriteLine(tokens.CreateAccessToken(me, Guid.NewGuid().ToString("N")).Token);
return 0;
