using Voip.ControlPlane.Auth;
using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Common;
using Voip.ControlPlane.Tests.Support;
using Voip.ControlPlane.Users;

namespace Voip.ControlPlane.Tests.Storage;

/// <summary>The behaviour every store implementation must have; subclasses supply SQLite or MongoDB.</summary>
public abstract class StoreContractTests
{
    private readonly ManualTimeProvider time = new();

    protected IUserStore Users { get; set; } = null!;

    protected IRefreshTokenStore RefreshTokens { get; set; } = null!;

    protected ICallStore Calls { get; set; } = null!;

    private CancellationToken None => CancellationToken.None;

    [Test]
    public async Task Users_CreateGetUpdate_AndEmailIsUnique()
    {
        var user = NewUser("Ann Contract");
        Assert.That(await Users.TryCreateAsync(user, None), Is.True);
        Assert.That(await Users.TryCreateAsync(user with { Id = ObjectIds.New(time) }, None), Is.False, "same email");
        Assert.That(await Users.GetByIdAsync(user.Id, None), Is.EqualTo(user));
        Assert.That(await Users.GetByEmailAsync(user.Email, None), Is.EqualTo(user));
        Assert.That(await Users.GetByIdAsync("0123456789abcdef01234567", None), Is.Null);

        var updated = await Users.UpdateProfileAsync(user.Id, "Ann B", "https://x.example/a.png", user.CreatedAt.AddMinutes(1), None);
        Assert.That(updated, Is.EqualTo(user with { Name = "Ann B", Avatar = "https://x.example/a.png", UpdatedAt = user.CreatedAt.AddMinutes(1) }));
        Assert.That(await Users.UpdateProfileAsync("0123456789abcdef01234567", "x", null, user.CreatedAt, None), Is.Null);
    }

    [Test]
    public async Task Users_ConcurrentCreatesOfOneEmail_OneWins()
    {
        var email = $"race{Guid.NewGuid():N}@example.com";
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Users.TryCreateAsync(NewUser("R") with { Email = email }, None)));
        Assert.That(results.Count(r => r), Is.EqualTo(1));
    }

    [Test]
    public async Task Users_SearchMatchesNameOrEmailCaseInsensitive()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var a = NewUser($"Alpha {tag}");
        var b = NewUser("Beta") with { Email = $"beta.{tag}@example.com" };
        await Users.TryCreateAsync(a, None);
        await Users.TryCreateAsync(b, None);
        var found = await Users.SearchAsync(tag.ToUpperInvariant(), 10, None);
        Assert.That(found.Select(u => u.Id), Is.EquivalentTo(new[] { a.Id, b.Id }));
        Assert.That(await Users.SearchAsync(tag, 1, None), Has.Count.EqualTo(1));
        Assert.That(await Users.SearchAsync(".*", 10, None), Is.Empty, "regex metacharacters are literal");
    }

    [Test]
    public async Task RefreshTokens_ConsumeOnce_ThenReused_AndFamilyRevocation()
    {
        var now = time.GetUtcNow();
        var family = Guid.NewGuid().ToString("N");
        var first = new RefreshTokenRecord(Guid.NewGuid().ToString("N"), family, "u1", now, now.AddDays(7));
        var second = first with { TokenId = Guid.NewGuid().ToString("N") };
        await RefreshTokens.CreateAsync(first, None);
        await RefreshTokens.CreateAsync(second, None);

        var (status, record) = await RefreshTokens.ConsumeAsync(first.TokenId, now, None);
        Assert.That(status, Is.EqualTo(RefreshConsumeStatus.Consumed));
        Assert.That(record!.FamilyId, Is.EqualTo(family));
        Assert.That((await RefreshTokens.ConsumeAsync(first.TokenId, now, None)).Status, Is.EqualTo(RefreshConsumeStatus.Reused));
        Assert.That((await RefreshTokens.ConsumeAsync("missing", now, None)).Status, Is.EqualTo(RefreshConsumeStatus.NotFound));

        Assert.That(await RefreshTokens.RevokeFamilyAsync(family, now, None), Is.EqualTo(2));
        Assert.That((await RefreshTokens.ConsumeAsync(second.TokenId, now, None)).Status, Is.EqualTo(RefreshConsumeStatus.Revoked));
        Assert.That((await RefreshTokens.GetAsync(second.TokenId, None))!.RevokedAt, Is.EqualTo(now));
    }

    [Test]
    public async Task RefreshTokens_ExpiredCannotBeConsumed_AndConcurrentConsumeHasOneWinner()
    {
        var now = time.GetUtcNow();
        var expired = new RefreshTokenRecord(Guid.NewGuid().ToString("N"), "f", "u", now.AddDays(-8), now.AddDays(-1));
        await RefreshTokens.CreateAsync(expired, None);
        Assert.That((await RefreshTokens.ConsumeAsync(expired.TokenId, now, None)).Status, Is.EqualTo(RefreshConsumeStatus.Revoked));

        var live = expired with { TokenId = Guid.NewGuid().ToString("N"), ExpiresAt = now.AddDays(1) };
        await RefreshTokens.CreateAsync(live, None);
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => RefreshTokens.ConsumeAsync(live.TokenId, now, None)));
        Assert.That(results.Count(r => r.Status == RefreshConsumeStatus.Consumed), Is.EqualTo(1));
    }

    [Test]
    public async Task Calls_RoundTripTheSeedSchema_AndUpdateStatus()
    {
        var caller = NewUser("Caller");
        var callee = NewUser("Callee");
        await Users.TryCreateAsync(caller, None);
        await Users.TryCreateAsync(callee, None);
        var start = time.GetUtcNow();
        var call = new CallRecord(Guid.NewGuid().ToString(), caller.Id, callee.Id, CallTypes.Video, start, start.AddSeconds(300), 300, CallStatuses.Completed,
            [new CallRecording("r1", "r1.webm", 300, 123456, start.AddSeconds(301))], new CallQuality(4.2, 3.9, 1));
        await Calls.CreateAsync(call, None);
        var loaded = await Calls.GetAsync(call.CallId, None);
        Assert.That(loaded, Is.Not.Null);
        Assert.That(loaded! with { Recordings = [] }, Is.EqualTo(call with { Recordings = [] }));
        Assert.That(loaded.Recordings, Is.EqualTo(call.Recordings));
        Assert.That(await Calls.GetAsync(Guid.NewGuid().ToString(), None), Is.Null);

        Assert.That(await Calls.UpdateStatusAsync(call.CallId, CallStatuses.Failed, null, 0, None), Is.True);
        Assert.That((await Calls.GetAsync(call.CallId, None))!.Status, Is.EqualTo(CallStatuses.Failed));
        Assert.That(await Calls.UpdateStatusAsync(Guid.NewGuid().ToString(), CallStatuses.Failed, null, 0, None), Is.False);
    }

    [Test]
    public async Task Calls_UpdateStatusWithQuality_WritesStatusQualityAndParticipantsInOneWrite()
    {
        var caller = NewUser("Caller");
        var callee = NewUser("Callee");
        await Users.TryCreateAsync(caller, None);
        await Users.TryCreateAsync(callee, None);
        var start = time.GetUtcNow();
        var call = new CallRecord(Guid.NewGuid().ToString(), caller.Id, callee.Id, CallTypes.Video, start, null, 0, CallStatuses.Active, [], CallQuality.Unknown);
        await Calls.CreateAsync(call, None);
        var report = CallQualityReport.From(
        [
            new CallParticipant(caller.Id, start, start.AddSeconds(60), new CallQuality(4.3, 3.9, 0)),
            new CallParticipant(callee.Id, start.AddSeconds(1), start.AddSeconds(60), new CallQuality(3.7, null, 2)),
        ]);
        Assert.That(report.Quality, Is.EqualTo(new CallQuality(4.0, 3.9, 2)), "means of the participants' means, issues summed");

        Assert.That(await Calls.UpdateStatusAsync(call.CallId, CallStatuses.Completed, start.AddSeconds(60), 60, report, None), Is.True);
        var loaded = await Calls.GetAsync(call.CallId, None);
        Assert.That((loaded!.Status, loaded.EndTime, loaded.Duration, loaded.Quality), Is.EqualTo((CallStatuses.Completed, (DateTimeOffset?)start.AddSeconds(60), 60, report.Quality)));
        Assert.That(loaded.Participants, Is.EqualTo(report.Participants));
        Assert.That(loaded with { Status = call.Status, EndTime = null, Duration = 0, Quality = call.Quality, Participants = null, Recordings = [] }, Is.EqualTo(call), "nothing else changed");
        var page = await Calls.GetHistoryAsync(callee.Id, null, 0, 10, None);
        Assert.That((page.Total, page.Calls.Single().CallId, page.Calls.Single().Status), Is.EqualTo((1L, call.CallId, CallStatuses.Completed)), "indexed once, as before");
        Assert.That(await Calls.UpdateStatusAsync(Guid.NewGuid().ToString(), CallStatuses.Completed, start, 0, report, None), Is.False);
    }

    [Test]
    public async Task Calls_HistoryIsNewestFirstPerParticipant_WithTotalsAndNames()
    {
        var me = NewUser("Me");
        var peer = NewUser("Peer") with { Avatar = "https://x.example/p.png" };
        var other = NewUser("Other");
        foreach (var u in new[] { me, peer, other })
        {
            await Users.TryCreateAsync(u, None);
        }

        var start = time.GetUtcNow();
        for (var i = 0; i < 12; i++)
        {
            var (a, b) = i % 2 == 0 ? (me, peer) : (peer, me);
            await Calls.CreateAsync(new CallRecord($"00000000-0000-4000-8000-{i:D12}-{Guid.NewGuid():N}"[..36], a.Id, b.Id, i % 3 == 0 ? "audio" : "video", start.AddSeconds(i), null, 0, CallStatuses.Missed, [], CallQuality.Unknown), None);
        }

        await Calls.CreateAsync(new CallRecord(Guid.NewGuid().ToString(), peer.Id, other.Id, "audio", start, null, 0, CallStatuses.Missed, [], CallQuality.Unknown), None);

        var page = await Calls.GetHistoryAsync(me.Id, null, 5, 5, None);
        Assert.That(page.Total, Is.EqualTo(12));
        Assert.That(page.Calls.Select(c => c.StartTime), Is.EqualTo(Enumerable.Range(2, 5).Reverse().Select(i => start.AddSeconds(i))));
        var entry = page.Calls.First(c => c.Caller.Id == peer.Id);
        Assert.That(entry.Caller, Is.EqualTo(new UserSummary(peer.Id, "Peer", "https://x.example/p.png")));
        Assert.That(entry.Callee, Is.EqualTo(new UserSummary(me.Id, "Me", null)));

        var audio = await Calls.GetHistoryAsync(me.Id, "audio", 0, 100, None);
        Assert.That(audio.Total, Is.EqualTo(4));
        Assert.That(audio.Calls, Has.Count.EqualTo(4));
        Assert.That((await Calls.GetHistoryAsync(peer.Id, null, 0, 100, None)).Total, Is.EqualTo(13));
        Assert.That((await Calls.GetHistoryAsync(other.Id, "video", 0, 100, None)).Total, Is.Zero);
    }

    [Test]
    public async Task Calls_GroupCallIsInEveryParticipantsHistory_WithTheirQuality()
    {
        var a = NewUser("A");
        var b = NewUser("B");
        var c = NewUser("C");
        foreach (var u in new[] { a, b, c })
        {
            await Users.TryCreateAsync(u, None);
        }

        var start = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        CallParticipant[] participants =
        [
            new(a.Id, start, start.AddSeconds(60), new CallQuality(4.1, 3.8, 0)),
            new(b.Id, start.AddSeconds(2), start.AddSeconds(30), new CallQuality(3.5, null, 2)),
            new(c.Id, start.AddSeconds(5), start.AddSeconds(60), CallQuality.Unknown),
        ];
        var call = new CallRecord(Guid.NewGuid().ToString(), a.Id, b.Id, CallTypes.Video, start, start.AddSeconds(60), 60, CallStatuses.Completed,
            [], new CallQuality(3.8, 3.8, 2), participants);
        await Calls.CreateAsync(call, None);

        var loaded = (await Calls.GetAsync(call.CallId, None))!;
        Assert.That(loaded.IsGroup, Is.True);
        Assert.That(loaded.Participants, Is.EqualTo(participants));
        Assert.That(loaded with { Participants = null, Recordings = [] }, Is.EqualTo(call with { Participants = null, Recordings = [] }));
        foreach (var u in new[] { a, b, c })
        {
            var history = await Calls.GetHistoryAsync(u.Id, "video", 0, 10, None);
            Assert.That(history.Total, Is.EqualTo(1), u.Name);
            Assert.That(history.Calls.Single().CallId, Is.EqualTo(call.CallId));
        }

        // A session nobody else joined: caller and callee are the same user, indexed once.
        var solo = new CallRecord(Guid.NewGuid().ToString(), c.Id, c.Id, CallTypes.Video, start.AddSeconds(70), start.AddSeconds(80), 10, CallStatuses.Failed,
            [], CallQuality.Unknown, [new(c.Id, start.AddSeconds(70), start.AddSeconds(80), CallQuality.Unknown)]);
        await Calls.CreateAsync(solo, None);
        Assert.That((await Calls.GetHistoryAsync(c.Id, null, 0, 10, None)).Total, Is.EqualTo(2));
        Assert.That((await Calls.GetAsync(solo.CallId, None))!.Participants, Has.Count.EqualTo(1));
    }

    private UserRecord NewUser(string name)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());
        return new UserRecord(ObjectIds.New(time), $"{Guid.NewGuid():N}@example.com", name, null, Roles.User, "pbkdf2-sha256$1$AA==$AA==", now, now);
    }
}
