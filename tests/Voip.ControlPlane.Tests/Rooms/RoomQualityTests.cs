using Voip.ControlPlane.Calls;
using Voip.ControlPlane.Rooms;

namespace Voip.ControlPlane.Tests.Rooms;

public sealed class RoomQualityTests
{
    [Test]
    public void Clean_network_scores_near_the_top_of_the_scale()
    {
        var mos = RoomQuality.Mos(0, 2, 20);

        Assert.That(mos, Is.InRange(4.3, 4.5));
    }

    [Test]
    public void Loss_jitter_and_delay_each_lower_the_score()
    {
        var clean = RoomQuality.Mos(0, 2, 20);

        Assert.That(RoomQuality.Mos(0.05, 2, 20), Is.LessThan(clean));
        Assert.That(RoomQuality.Mos(0, 80, 20), Is.LessThan(clean));
        Assert.That(RoomQuality.Mos(0, 2, 600), Is.LessThan(clean));
        Assert.That(RoomQuality.Mos(0.10, 30, 300), Is.LessThan(RoomQuality.Mos(0.05, 30, 300)));
    }

    [Test]
    public void Score_stays_within_one_to_four_and_a_half()
    {
        Assert.That(RoomQuality.Mos(1, 1000, 5000), Is.EqualTo(1));
        Assert.That(RoomQuality.Mos(-1, -5, -5), Is.LessThanOrEqualTo(4.5));
        Assert.That(RoomQuality.Mos(0.5, 0, 0), Is.EqualTo(1), "half the packets lost is unusable");
    }

    [Test]
    public void Issues_count_drops_into_bad_quality_and_failures()
    {
        var q = new RoomQualityAccumulator();
        q.Add(4.4, 4.2);
        q.Add(1.8, 4.0);   // drop: issue 1
        q.Add(1.5, 4.0);   // still bad: same issue
        q.Add(4.3, 4.1);
        q.Add(4.3, 2.0);   // video drop: issue 2
        q.AddFailure();    // issue 3

        Assert.That(q.ConnectionIssues, Is.EqualTo(3));
        Assert.That(q.AvgAudio, Is.EqualTo(Math.Round((4.4 + 1.8 + 1.5 + 4.3 + 4.3) / 5, 2)));
        Assert.That(q.AvgVideo, Is.EqualTo(Math.Round((4.2 + 4.0 + 4.0 + 4.1 + 2.0) / 5, 2)));
    }

    [Test]
    public void Session_record_lists_everyone_and_averages_their_quality()
    {
        var start = new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero);
        var session = new RoomSession("c0ffee00-0000-4000-8000-000000000001", start);
        var a = session.Enter("aaaaaaaaaaaaaaaaaaaaaaaa", start);
        var b = session.Enter("bbbbbbbbbbbbbbbbbbbbbbbb", start.AddSeconds(5));
        var c = session.Enter("cccccccccccccccccccccccc", start.AddSeconds(9));
        a.Quality.Add(4.0, 3.0);
        b.Quality.Add(3.0, null);
        c.Quality.AddFailure();
        b.LeftAt = start.AddSeconds(30);

        var record = RoomService.BuildRecord(session, CallStatuses.Completed, start.AddSeconds(62));

        Assert.That(record.CallerId, Is.EqualTo(a.UserId));
        Assert.That(record.CalleeId, Is.EqualTo(b.UserId));
        Assert.That(record.CallType, Is.EqualTo(CallTypes.Video));
        Assert.That(record.Duration, Is.EqualTo(62));
        Assert.That(record.Participants!.Select(p => p.UserId), Is.EqualTo(new[] { a.UserId, b.UserId, c.UserId }));
        Assert.That(record.Participants![1].LeftAt, Is.EqualTo(start.AddSeconds(30)));
        Assert.That(record.Participants![2].LeftAt, Is.EqualTo(start.AddSeconds(62)), "still there at the end");
        Assert.That(record.Quality.AvgAudioQuality, Is.EqualTo(3.5));
        Assert.That(record.Quality.AvgVideoQuality, Is.EqualTo(3.0));
        Assert.That(record.Quality.ConnectionIssues, Is.EqualTo(1));
        Assert.That(record.ParticipantIds().Count(), Is.EqualTo(3));
    }

    [Test]
    public void Solo_session_is_its_own_caller_and_callee()
    {
        var start = DateTimeOffset.UnixEpoch.AddDays(20000);
        var session = new RoomSession(Guid.NewGuid().ToString(), start);
        session.Enter("aaaaaaaaaaaaaaaaaaaaaaaa", start);

        var record = RoomService.BuildRecord(session, CallStatuses.Failed, start.AddSeconds(3));

        Assert.That(record.CalleeId, Is.EqualTo(record.CallerId));
        Assert.That(record.ParticipantIds().ToArray(), Is.EqualTo(new[] { "aaaaaaaaaaaaaaaaaaaaaaaa" }));
        Assert.That(record.Quality, Is.EqualTo(CallQuality.Unknown));
    }
}
