using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class ActiveSpeakerDetectorTests
{
    private const byte Silence = 127;

    private sealed class Room
    {
        public readonly ActiveSpeakerDetector Detector = new(initialCapacity: 2);
        public readonly List<(long Ms, int Slot, int Dbov)> Events = [];
        public long Now;

        /// <summary>Runs for <paramref name="durationMs"/>: every slot sends a 20 ms packet with the level given; evaluation is polled every 100 ms.</summary>
        public void Run(long durationMs, Func<int, long, (byte Level, bool Voice)?> source, int slots)
        {
            long end = Now + durationMs;
            for (; Now < end; Now += 20)
            {
                for (int s = 0; s < slots; s++)
                {
                    if (source(s, Now) is (byte level, bool voice))
                    {
                        Detector.OnAudioLevel(s, level, voice, Now);
                    }
                }

                if (Now % 100 == 0 && Detector.TryUpdate(Now, out int slot, out int dbov))
                {
                    Events.Add((Now, slot, dbov));
                }
            }
        }
    }

    private static Room NewRoom(int speakers)
    {
        var room = new Room();
        for (int i = 0; i < speakers; i++)
        {
            Assert.That(room.Detector.AddSpeaker(), Is.EqualTo(i));
        }

        return room;
    }

    [Test]
    public void SingleTalkerBecomesDominantOnceWithItsLevel()
    {
        Room room = NewRoom(3);
        room.Run(5000, (s, t) => s == 1 ? ((byte)30, true) : (Silence, false), 3);
        Assert.That(room.Events, Has.Count.EqualTo(1));
        Assert.That(room.Events[0].Slot, Is.EqualTo(1));
        Assert.That(room.Events[0].Ms, Is.LessThanOrEqualTo(600));
        Assert.That(room.Events[0].Dbov, Is.EqualTo(-30));
        Assert.That(room.Detector.DominantSlot, Is.EqualTo(1));
    }

    [Test]
    public void EvaluatesAtMostEvery300Ms()
    {
        Room room = NewRoom(1);
        room.Detector.OnAudioLevel(0, 20, true, 0);
        Assert.That(room.Detector.TryUpdate(0, out int slot, out _), Is.True);
        Assert.That(slot, Is.Zero);
        room.Detector.RemoveSpeaker(0);
        Assert.That(room.Detector.TryUpdate(299, out _, out _), Is.False, "too early even with a change waiting");
        Assert.That(room.Detector.TryUpdate(300, out slot, out int dbov), Is.True);
        Assert.That((slot, dbov), Is.EqualTo((-1, -127)));
    }

    [Test]
    public void SwitchesWhenTheTalkerChanges()
    {
        Room room = NewRoom(2);
        room.Run(3000, (s, t) => s == 0 ? ((byte)35, true) : (Silence, false), 2);
        room.Run(4000, (s, t) => s == 1 ? ((byte)35, true) : (Silence, false), 2);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0, 1 }));
        long switchDelay = room.Events[1].Ms - 3000;
        Assert.That(switchDelay, Is.InRange(300, 2000), "hysteresis delays the switch, but not for long");
    }

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    [TestCase(14)]
    [TestCase(15)]
    public void SimilarOverlappingTalkersDoNotFlap(int seed)
    {
        var random = new Random(seed);
        Room room = NewRoom(2);
        // Both talk at once, −30 ± 6 dBov with 30% pauses, for 30 s.
        room.Run(30_000, (s, t) => random.Next(10) < 3 ? (Silence, false) : ((byte)(30 + random.Next(-6, 7)), true), 2);
        Assert.That(room.Events, Has.Count.EqualTo(1), string.Join(", ", room.Events));
    }

    [Test]
    public void ClearlyLouderChallengerTakesOver()
    {
        Room room = NewRoom(2);
        room.Run(2000, (s, t) => s == 0 ? ((byte)50, true) : (Silence, false), 2);
        // Overtaking a speaker who keeps talking takes the window to fill plus a whole window of lead.
        room.Run(4000, (s, t) => s == 0 ? ((byte)50, true) : ((byte)20, true), 2);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(room.Events[1].Ms - 2000, Is.InRange(1500, 3600));
        Assert.That(room.Events[1].Dbov, Is.EqualTo(-20));
    }

    [Test]
    public void ShortInterruptionDoesNotSteal()
    {
        Room room = NewRoom(2);
        room.Run(3000, (s, t) => s == 0 ? ((byte)35, true) : (Silence, false), 2);
        // Slot 1 says "yes" loudly for 300 ms while slot 0 keeps talking.
        room.Run(300, (s, t) => s == 0 ? ((byte)35, true) : ((byte)15, true), 2);
        room.Run(3000, (s, t) => s == 0 ? ((byte)35, true) : (Silence, false), 2);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void SilenceIsReportedOnceAfterAWhile()
    {
        Room room = NewRoom(2);
        room.Run(2000, (s, t) => s == 0 ? ((byte)30, true) : (Silence, false), 2);
        // A one-second pause between sentences keeps the speaker.
        room.Run(1000, (s, t) => (Silence, false), 2);
        room.Run(1000, (s, t) => s == 0 ? ((byte)30, true) : (Silence, false), 2);
        Assert.That(room.Events, Has.Count.EqualTo(1));

        // Then real silence (DTX: a packet every 400 ms, voice not flagged).
        room.Run(6000, (s, t) => t % 400 == 0 ? (Silence, false) : null, 2);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0, -1 }));
        Assert.That(room.Events[1].Dbov, Is.EqualTo(-127));
        Assert.That(room.Events[1].Ms - 4000, Is.InRange(1000, 3500));
    }

    [Test]
    public void NoiseWithoutVoiceFlagIsNotSpeechButLoudUnflaggedAudioIs()
    {
        Room room = NewRoom(2);
        room.Run(3000, (s, t) => s == 0 ? ((byte)55, false) : (Silence, false), 2); // −55 dBov hum, V=0
        Assert.That(room.Events, Is.Empty);
        room.Run(3000, (s, t) => s == 1 ? ((byte)25, false) : (Silence, false), 2); // a sender that never sets V
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void RemovingTheDominantSpeakerHandsOverAtTheNextEvaluation()
    {
        Room room = NewRoom(3);
        room.Run(2000, (s, t) => s == 0 ? ((byte)20, true) : s == 1 ? ((byte)40, true) : (Silence, false), 3);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0 }));
        room.Detector.RemoveSpeaker(0);
        room.Run(400, (s, t) => s == 1 ? ((byte)40, true) : (Silence, false), 3);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(room.Events[1].Ms - 2000, Is.LessThanOrEqualTo(300));

        room.Detector.RemoveSpeaker(1);
        room.Run(400, (s, t) => (Silence, false), 3);
        Assert.That(room.Events.Select(e => e.Slot), Is.EqualTo(new[] { 0, 1, -1 }));
    }

    [Test]
    public void FreedSlotsAreReusedAndStartClean()
    {
        var detector = new ActiveSpeakerDetector(initialCapacity: 1);
        Assert.That(detector.AddSpeaker(), Is.EqualTo(0));
        Assert.That(detector.AddSpeaker(), Is.EqualTo(1), "grows past the initial capacity");
        Assert.That(detector.AddSpeaker(), Is.EqualTo(2));
        detector.OnAudioLevel(1, 10, true, 0);
        detector.RemoveSpeaker(1);
        detector.OnAudioLevel(1, 10, true, 0); // ignored: removed
        Assert.That(detector.AddSpeaker(), Is.EqualTo(1));
        Assert.That(detector.TryUpdate(0, out _, out _), Is.False, "the reused slot's old levels are gone");
        Assert.That(detector.AddSpeaker(), Is.EqualTo(3));

        detector.RemoveSpeaker(-1);
        detector.RemoveSpeaker(99);
        detector.OnAudioLevel(99, 0, true, 0);
    }

    [Test]
    public void LevelsAndUpdatesDoNotAllocate()
    {
        Room room = NewRoom(8);
        room.Run(1000, (s, t) => ((byte)(20 + s), true), 8);
        ActiveSpeakerDetector detector = room.Detector;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (long t = 1000; t < 60_000; t += 20)
        {
            for (int s = 0; s < 8; s++)
            {
                detector.OnAudioLevel(s, (byte)((t / 1000 % 8 == s) ? 10 : 60), true, t);
            }

            detector.TryUpdate(t, out _, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
