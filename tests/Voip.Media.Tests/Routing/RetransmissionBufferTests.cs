using Voip.Media.Tests.Testing;
using Voip.Media.Routing;

namespace Voip.Media.Tests.Routing;

public class RetransmissionBufferTests
{
    private static byte[] Packet(ushort seq, int length = 1200)
    {
        byte[] p = new byte[length];
        p[0] = 0x80;
        p[2] = (byte)(seq >> 8);
        p[3] = (byte)seq;
        p[^1] = (byte)(seq * 7);
        return p;
    }

    [Test]
    public void StoresAndReturnsACopy()
    {
        var buffer = new RetransmissionBuffer();
        byte[] original = Packet(1000);
        buffer.Store(original, 1000, nowMs: 0);
        original[3] = 0xff; // the buffer holds its own copy

        Assert.That(buffer.TryGet(1000, 10, 0, out ReadOnlySpan<byte> got), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(got.ToArray(), Is.EqualTo(Packet(1000)));
        Assert.That(buffer.Stored, Is.EqualTo(1));
        Assert.That(buffer.TryGet(1001, 10, 0, out _), Is.EqualTo(RetransmitLookup.Missing));
        Assert.That(buffer.TryGet(999, 10, 0, out _), Is.EqualTo(RetransmitLookup.Missing));
    }

    [Test]
    public void EmptyBufferAnswersMissing() =>
        Assert.That(new RetransmissionBuffer().TryGet(5, 0, 0, out _), Is.EqualTo(RetransmitLookup.Missing));

    [Test]
    public void HoldsOneSecondOfTwoAndAHalfMegabitVideo()
    {
        // 2.5 Mbps / (1200 B × 8) ≈ 261 packets per second.
        var buffer = new RetransmissionBuffer();
        const int PerSecond = 2_500_000 / (1200 * 8) + 1;
        for (int i = 0; i < PerSecond; i++)
        {
            buffer.Store(Packet((ushort)i), (ushort)i, i * 1000L / PerSecond);
        }

        for (int i = 0; i < PerSecond; i++)
        {
            Assert.That(buffer.TryGet((ushort)i, 1000, 0, out ReadOnlySpan<byte> p), Is.EqualTo(RetransmitLookup.Found), $"seq {i}");
            Assert.That(p.Length, Is.EqualTo(1200));
            Assert.That(p[^1], Is.EqualTo((byte)(i * 7)));
        }
    }

    [Test]
    public void WrapsAroundSequence65535()
    {
        var buffer = new RetransmissionBuffer(capacity: 16);
        for (int i = 0; i < 12; i++)
        {
            ushort seq = (ushort)(65530 + i);
            buffer.Store(Packet(seq, 100), seq, i);
        }

        foreach (ushort seq in new ushort[] { 65530, 65535, 0, 5 })
        {
            Assert.That(buffer.TryGet(seq, 20, 0, out ReadOnlySpan<byte> p), Is.EqualTo(RetransmitLookup.Found), $"seq {seq}");
            Assert.That(p[2..4].ToArray(), Is.EqualTo(new[] { (byte)(seq >> 8), (byte)seq }));
        }

        Assert.That(buffer.TryGet(6, 20, 0, out _), Is.EqualTo(RetransmitLookup.Missing), "never stored (ahead of the newest)");
        Assert.That(buffer.TryGet(65529, 20, 0, out _), Is.EqualTo(RetransmitLookup.Missing));
    }

    [Test]
    public void OverwrittenSlotsAreMissingNotAliased()
    {
        var buffer = new RetransmissionBuffer(capacity: 8);
        for (ushort seq = 0; seq < 20; seq++)
        {
            buffer.Store(Packet(seq, 50), seq, 0);
        }

        // Eight slots: 0..11 were overwritten by 12..19.
        Assert.That(buffer.TryGet(4, 0, 0, out _), Is.EqualTo(RetransmitLookup.Missing));
        Assert.That(buffer.TryGet(11, 0, 0, out _), Is.EqualTo(RetransmitLookup.Missing));
        Assert.That(buffer.TryGet(12, 0, 0, out ReadOnlySpan<byte> p), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(p[3], Is.EqualTo(12));
    }

    [Test]
    public void LatePacketsFillGapsButTooOldAndDuplicatesAreIgnored()
    {
        var buffer = new RetransmissionBuffer(capacity: 16);
        buffer.Store(Packet(100, 60), 100, 0);
        buffer.Store(Packet(103, 60), 103, 0);
        buffer.Store(Packet(101, 60), 101, 1); // reordered: fills the gap
        Assert.That(buffer.TryGet(101, 2, 0, out _), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(buffer.TryGet(102, 2, 0, out _), Is.EqualTo(RetransmitLookup.Missing));

        byte[] other = Packet(103, 60);
        other[10] = 0x55;
        buffer.Store(other, 103, 1); // duplicate: the first copy stays
        Assert.That(buffer.TryGet(103, 2, 0, out ReadOnlySpan<byte> p), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(p[10], Is.Zero);
        Assert.That(buffer.Duplicates, Is.EqualTo(1));

        buffer.Store(Packet(120, 60), 120, 2);
        buffer.Store(Packet(104, 60), 104, 2); // 16 behind the newest: would overwrite 120's slot
        Assert.That(buffer.TooOld, Is.EqualTo(1));
        Assert.That(buffer.TryGet(120, 3, 0, out _), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(buffer.Stored, Is.EqualTo(4));
    }

    [Test]
    public void OversizePacketsAreCountedNotStored()
    {
        var buffer = new RetransmissionBuffer(capacity: 8, maxPacketSize: 100);
        buffer.Store(Packet(1, 101), 1, 0);
        buffer.Store(Packet(2, 100), 2, 0);
        Assert.That(buffer.Oversize, Is.EqualTo(1));
        Assert.That(buffer.Stored, Is.EqualTo(1));
        Assert.That(buffer.TryGet(1, 0, 0, out _), Is.EqualTo(RetransmitLookup.Missing));
        Assert.That(buffer.TryGet(2, 0, 0, out ReadOnlySpan<byte> p), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(p.Length, Is.EqualTo(100));
    }

    [Test]
    public void ExpiresAfterMaxAge()
    {
        var buffer = new RetransmissionBuffer(maxAgeMs: 1000);
        buffer.Store(Packet(7, 80), 7, nowMs: 5000);
        Assert.That(buffer.TryGet(7, 6000, 0, out _), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(buffer.TryGet(7, 6001, 0, out _), Is.EqualTo(RetransmitLookup.Expired));
    }

    [Test]
    public void RepeatedNacksWithinTheIntervalAreTooSoon()
    {
        var buffer = new RetransmissionBuffer();
        buffer.Store(Packet(7, 80), 7, nowMs: 0);
        Assert.That(buffer.TryGet(7, 10, 30, out _), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(buffer.TryGet(7, 25, 30, out ReadOnlySpan<byte> p), Is.EqualTo(RetransmitLookup.TooSoon));
        Assert.That(p.IsEmpty, Is.True);
        Assert.That(buffer.TryGet(7, 39, 30, out _), Is.EqualTo(RetransmitLookup.TooSoon));
        Assert.That(buffer.TryGet(7, 40, 30, out _), Is.EqualTo(RetransmitLookup.Found));

        // A new packet in the slot starts with no resend history.
        buffer.Store(Packet((ushort)(7 + 512), 80), 7 + 512, 41);
        Assert.That(buffer.TryGet(7 + 512, 42, 30, out _), Is.EqualTo(RetransmitLookup.Found));
    }

    [Test]
    public void ClearForgetsEverythingAndRestartsAnywhere()
    {
        var buffer = new RetransmissionBuffer(capacity: 16);
        buffer.Store(Packet(50, 60), 50, 0);
        buffer.Clear();
        Assert.That(buffer.TryGet(50, 0, 0, out _), Is.EqualTo(RetransmitLookup.Missing));

        // After a clear a far-away sequence number starts the stream afresh (no "too old").
        buffer.Store(Packet(40000, 60), 40000, 1);
        Assert.That(buffer.TryGet(40000, 1, 0, out _), Is.EqualTo(RetransmitLookup.Found));
        Assert.That(buffer.TooOld, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(100)]
    public void RejectsCapacityThatIsNotAPowerOfTwo(int capacity) =>
        Assert.That(() => new RetransmissionBuffer(capacity), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void StoreAndTryGetDoNotAllocate()
    {
        var buffer = new RetransmissionBuffer();
        byte[] packet = Packet(0);

        int start = 0;
        long allocated = ThreadAllocations.InQuietestRun(() =>
        {
            Churn(buffer, packet, start, 20_000);
            start += 20_000;
        });
        Assert.That(allocated, Is.Zero);
    }

    private static void Churn(RetransmissionBuffer buffer, byte[] packet, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            buffer.Store(packet, (ushort)i, i);
            buffer.TryGet((ushort)(i - 10), i, 0, out _);
        }
    }
}
