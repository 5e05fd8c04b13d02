using System.Buffers.Binary;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Srtp;

public class SrtpContextTests
{
    private static readonly SrtpProfile[] Profiles =
        [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    private static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile, int maxSsrcs = SrtpContext.DefaultMaxSsrcs, bool hardware = true)
    {
        var rng = new Random(42);
        var key = new byte[SrtpContext.GetMasterKeyLength(profile)];
        var salt = new byte[SrtpContext.GetMasterSaltLength(profile)];
        rng.NextBytes(key);
        rng.NextBytes(salt);
        return (new SrtpContext(profile, key, salt, maxSsrcs, hardware), new SrtpContext(profile, key, salt, maxSsrcs, hardware));
    }

    private static byte[] Protect(SrtpContext sender, byte[] plain, out int length)
    {
        byte[] buffer = TestPackets.WithRoom(plain);
        Assert.That(sender.ProtectRtp(buffer, plain.Length, out length), Is.EqualTo(SrtpResult.Ok));
        return buffer;
    }

    [Test]
    public void Overheads_AndKeyLengths()
    {
        Assert.That(SrtpContext.GetRtpOverhead(SrtpProfile.Aes128CmHmacSha1_80), Is.EqualTo(10));
        Assert.That(SrtpContext.GetRtcpOverhead(SrtpProfile.Aes128CmHmacSha1_80), Is.EqualTo(14));
        Assert.That(SrtpContext.GetRtpOverhead(SrtpProfile.AeadAes256Gcm), Is.EqualTo(16));
        Assert.That(SrtpContext.GetRtcpOverhead(SrtpProfile.AeadAes128Gcm), Is.EqualTo(20));
        Assert.That(SrtpContext.GetMasterKeyLength(SrtpProfile.AeadAes256Gcm), Is.EqualTo(32));
        Assert.That(SrtpContext.GetMasterSaltLength(SrtpProfile.AeadAes128Gcm), Is.EqualTo(12));
        Assert.Throws<ArgumentException>(() => _ = new SrtpContext(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
    }

    [TestCaseSource(nameof(Profiles))]
    public void HardwareAndPortablePaths_ProduceIdenticalPackets(SrtpProfile profile)
    {
        (SrtpContext hw, SrtpContext hwRx) = Pair(profile, hardware: true);
        (SrtpContext portable, SrtpContext portableRx) = Pair(profile, hardware: false);
        using (hw)
        using (hwRx)
        using (portable)
        using (portableRx)
        {
            var rng = new Random(7);
            for (ushort seq = 0; seq < 200; seq++)
            {
                byte[] plain = TestPackets.RandomRtp(0x5150, seq, rng);
                byte[] a = Protect(hw, plain, out int la);
                byte[] b = Protect(portable, plain, out int lb);
                Assert.That(a.AsSpan(0, la).SequenceEqual(b.AsSpan(0, lb)), Is.True, $"seq {seq}");
                Assert.That(portableRx.UnprotectRtp(a, la, out _), Is.EqualTo(SrtpResult.Ok));
                Assert.That(hwRx.UnprotectRtp(b, lb, out _), Is.EqualTo(SrtpResult.Ok));

                byte[] rtcpPlain = TestPackets.Rtcp(0x5150, rng.Next(0, 40), rng);
                byte[] c = TestPackets.WithRoom(rtcpPlain);
                byte[] d = TestPackets.WithRoom(rtcpPlain);
                Assert.That(hw.ProtectRtcp(c, rtcpPlain.Length, out int lc), Is.EqualTo(SrtpResult.Ok));
                Assert.That(portable.ProtectRtcp(d, rtcpPlain.Length, out int ld), Is.EqualTo(SrtpResult.Ok));
                Assert.That(c.AsSpan(0, lc).SequenceEqual(d.AsSpan(0, ld)), Is.True);
            }
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void RoundTrip_InPlace(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            var rng = new Random(1);
            for (ushort seq = 1; seq < 50; seq++)
            {
                byte[] plain = TestPackets.RandomRtp(99, seq, rng);
                byte[] wire = Protect(tx, plain, out int length);
                Assert.That(length, Is.EqualTo(plain.Length + SrtpContext.GetRtpOverhead(profile)));
                Assert.That(wire.AsSpan(0, plain.Length).SequenceEqual(plain), Is.EqualTo(Voip.Media.Rtp.RtpHeader.TryParse(plain, out var h) && h.HeaderLength == plain.Length), "payload must be encrypted");
                Assert.That(rx.UnprotectRtp(wire, length, out int plainLength), Is.EqualTo(SrtpResult.Ok));
                Assert.That(wire.AsSpan(0, plainLength).SequenceEqual(plain), Is.True);
            }
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void ProtectIntoOtherBuffer_EqualsInPlace_AndLeavesSourceAlone(SrtpProfile profile)
    {
        (SrtpContext a, SrtpContext b) = Pair(profile);
        using (a)
        using (b)
        {
            var rng = new Random(3);
            byte[] plain = TestPackets.Rtp(0xABCDEF, 500, 1000, rng, csrcs: 2, extensionWords: 3);
            byte[] copy = (byte[])plain.Clone();
            var destination = new byte[plain.Length + 16];
            Assert.That(a.ProtectRtp(plain, destination, out int written), Is.EqualTo(SrtpResult.Ok));
            Assert.That(plain, Is.EqualTo(copy));
            byte[] inPlace = Protect(b, plain, out int length);
            Assert.That(destination.AsSpan(0, written).SequenceEqual(inPlace.AsSpan(0, length)), Is.True);

            // A destination that overlaps the source at another offset is refused, not corrupted.
            var shared = new byte[4000];
            plain.CopyTo(shared, 0);
            Assert.That(a.ProtectRtp(shared.AsSpan(0, plain.Length), shared.AsSpan(8), out _), Is.EqualTo(SrtpResult.InvalidArgument));
            Assert.That(a.ProtectRtp(plain, new byte[plain.Length + 3], out _), Is.EqualTo(SrtpResult.BufferTooSmall));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Replay_IsRefused_AndWindowAcceptsReordering(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            var rng = new Random(5);
            var packets = new List<(byte[] Wire, int Length)>();
            for (ushort seq = 1000; seq < 1300; seq++)
            {
                byte[] wire = Protect(tx, TestPackets.Rtp(1, seq, 50, rng), out int length);
                packets.Add((wire, length));
            }

            // Deliver 0..199 except 150; then 150 late (inside the window) is fine, twice is not.
            for (int i = 0; i < 200; i++)
            {
                if (i != 150)
                {
                    Assert.That(rx.UnprotectRtp((byte[])packets[i].Wire.Clone(), packets[i].Length, out _), Is.EqualTo(SrtpResult.Ok));
                }
            }

            Assert.That(rx.UnprotectRtp((byte[])packets[150].Wire.Clone(), packets[150].Length, out _), Is.EqualTo(SrtpResult.Ok));
            Assert.That(rx.UnprotectRtp((byte[])packets[150].Wire.Clone(), packets[150].Length, out _), Is.EqualTo(SrtpResult.Replayed));
            Assert.That(rx.UnprotectRtp((byte[])packets[199].Wire.Clone(), packets[199].Length, out _), Is.EqualTo(SrtpResult.Replayed));

            // 128 behind the highest (199) is outside the window.
            Assert.That(rx.UnprotectRtp((byte[])packets[71].Wire.Clone(), packets[71].Length, out _), Is.EqualTo(SrtpResult.TooOld));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void TamperedPacket_FailsAndDoesNotAdvanceTheWindow(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            var rng = new Random(9);
            byte[] wire = Protect(tx, TestPackets.Rtp(77, 10, 120, rng), out int length);
            foreach (int position in new[] { 1, 5, 30, length - 1 })
            {
                byte[] bad = (byte[])wire.Clone();
                bad[position] ^= 0x04;
                Assert.That(rx.UnprotectRtp(bad, length, out _), Is.EqualTo(SrtpResult.AuthenticationFailed), $"byte {position}");
            }

            Assert.That(rx.SsrcCount, Is.EqualTo(0), "a forged packet must not claim an SSRC slot");

            // The genuine packet still goes through: the forgeries did not mark index 10 as seen.
            Assert.That(rx.UnprotectRtp(wire, length, out _), Is.EqualTo(SrtpResult.Ok));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void RolloverCounter_FollowsTheSequenceWrap(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            var rng = new Random(11);
            var late = new List<(byte[], int)>();
            ushort seq = 65_000;
            for (int n = 0; n < 1500; n++, seq++)
            {
                byte[] plain = TestPackets.Rtp(0xFEED, seq, 40, rng);
                byte[] wire = Protect(tx, plain, out int length);
                if (seq is 65_530 or 65_535)
                {
                    late.Add((wire, length)); // delivered after the wrap
                    continue;
                }

                Assert.That(rx.UnprotectRtp(wire, length, out int pl), Is.EqualTo(SrtpResult.Ok), $"seq {seq}");
                Assert.That(wire.AsSpan(0, pl).SequenceEqual(plain), Is.True);
                if (seq == 10)
                {
                    // Packets from before the wrap arriving late still carry ROC 0.
                    foreach ((byte[] w, int l) in late)
                    {
                        Assert.That(rx.UnprotectRtp(w, l, out _), Is.EqualTo(SrtpResult.Ok));
                    }
                }
            }
        }
    }

    [Test]
    public void RolloverCounter_ReceiverUsesRocOneAfterWrap_WithHmacCoveringRoc()
    {
        // A packet protected at ROC 1 does not authenticate if the receiver assumes ROC 0.
        (SrtpContext tx, SrtpContext rx) = Pair(SrtpProfile.Aes128CmHmacSha1_80);
        using (tx)
        using (rx)
        {
            var rng = new Random(13);
            tx.SetRtpIndex(5, (1UL << 16) | 65_000);
            byte[] wire = Protect(tx, TestPackets.Rtp(5, 65_001, 40, rng), out int length);
            Assert.That(rx.UnprotectRtp((byte[])wire.Clone(), length, out _), Is.EqualTo(SrtpResult.AuthenticationFailed));
            rx.SetRtpIndex(5, (1UL << 16) | 64_990);
            Assert.That(rx.UnprotectRtp(wire, length, out _), Is.EqualTo(SrtpResult.Ok));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Srtcp_RoundTrip_Replay_AndEBitFlip(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            var rng = new Random(17);
            byte[] plain = TestPackets.Rtcp(0x4444, 12, rng);
            byte[] wire = TestPackets.WithRoom(plain);
            Assert.That(tx.ProtectRtcp(wire, plain.Length, out int length), Is.EqualTo(SrtpResult.Ok));
            Assert.That(length, Is.EqualTo(plain.Length + SrtpContext.GetRtcpOverhead(profile)));

            int trailer = profile == SrtpProfile.Aes128CmHmacSha1_80 ? plain.Length : length - 4;
            Assert.That(BinaryPrimitives.ReadUInt32BigEndian(wire.AsSpan(trailer)), Is.EqualTo(0x8000_0001u), "E=1, first index 1");

            // Clearing E would make the receiver skip decryption; the tag covers E so it must fail.
            byte[] flipped = (byte[])wire.Clone();
            flipped[trailer] &= 0x7F;
            Assert.That(rx.UnprotectRtcp(flipped, length, out _), Is.EqualTo(SrtpResult.AuthenticationFailed));

            Assert.That(rx.UnprotectRtcp((byte[])wire.Clone(), length, out int plainLength), Is.EqualTo(SrtpResult.Ok));
            Assert.That(plainLength, Is.EqualTo(plain.Length));
            Assert.That(rx.UnprotectRtcp((byte[])wire.Clone(), length, out _), Is.EqualTo(SrtpResult.Replayed));

            byte[] decrypted = (byte[])wire.Clone();
            Assert.That(rx.UnprotectRtcp(decrypted, length, out _), Is.EqualTo(SrtpResult.Replayed));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void ShortAndMalformedPackets_AreRefusedCleanly(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            int tag = SrtpContext.GetRtpOverhead(profile);
            var buffer = new byte[200];
            buffer[0] = 0x80;

            // Shorter than header + tag.
            for (int length = 0; length < 12 + tag; length++)
            {
                Assert.That(rx.UnprotectRtp(buffer, length, out _), Is.EqualTo(SrtpResult.TooShort), $"length {length}");
            }

            Assert.That(tx.ProtectRtp(buffer, 11, out _), Is.EqualTo(SrtpResult.TooShort));
            Assert.That(rx.UnprotectRtcp(buffer, 8 + 4 + tag - 1, out _), Is.EqualTo(SrtpResult.TooShort));
            Assert.That(tx.ProtectRtcp(buffer, 7, out _), Is.EqualTo(SrtpResult.TooShort));
            Assert.That(rx.UnprotectRtp(buffer, 201, out _), Is.EqualTo(SrtpResult.InvalidArgument));

            // CC = 15 in a small packet, an extension past the end, version 1.
            buffer[0] = 0x8F;
            Assert.That(rx.UnprotectRtp(buffer, 40, out _), Is.EqualTo(SrtpResult.Malformed));
            Assert.That(tx.ProtectRtp(buffer, 40, out _), Is.EqualTo(SrtpResult.Malformed));
            buffer[0] = 0x90;
            buffer[14] = 0x00;
            buffer[15] = 0x40;
            Assert.That(rx.UnprotectRtp(buffer, 60, out _), Is.EqualTo(SrtpResult.Malformed));
            buffer[0] = 0x40;
            Assert.That(tx.ProtectRtp(buffer, 60, out _), Is.EqualTo(SrtpResult.Malformed));
            Assert.That(tx.ProtectRtcp(buffer, 60, out _), Is.EqualTo(SrtpResult.Malformed));

            // No room for the tag.
            buffer[0] = 0x80;
            Assert.That(tx.ProtectRtp(buffer.AsSpan(0, 100), 100 - tag + 1, out _), Is.EqualTo(SrtpResult.BufferTooSmall));
            Assert.That(tx.ProtectRtcp(buffer.AsSpan(0, 100), 100 - tag - 3, out _), Is.EqualTo(SrtpResult.BufferTooSmall));
        }
    }

    [Test]
    public void SsrcTable_RefusesNewSsrcsWhenFull_AndRemoveFreesASlot()
    {
        (SrtpContext tx, SrtpContext rx) = Pair(SrtpProfile.AeadAes128Gcm, maxSsrcs: 4);
        using (tx)
        using (rx)
        {
            var rng = new Random(19);
            for (uint ssrc = 1; ssrc <= 4; ssrc++)
            {
                byte[] w = Protect(tx, TestPackets.Rtp(ssrc, 1, 20, rng), out int l);
                Assert.That(rx.UnprotectRtp(w, l, out _), Is.EqualTo(SrtpResult.Ok));
            }

            byte[] fifth = TestPackets.WithRoom(TestPackets.Rtp(5, 1, 20, rng));
            Assert.That(tx.ProtectRtp(fifth, 32, out _), Is.EqualTo(SrtpResult.TooManySsrcs));
            Assert.That(tx.SsrcCount, Is.EqualTo(4));

            Assert.That(tx.RemoveSsrc(2), Is.True);
            Assert.That(tx.RemoveSsrc(2), Is.False);
            Assert.That(tx.ProtectRtp(fifth, 32, out int fifthLength), Is.EqualTo(SrtpResult.Ok));
            Assert.That(rx.UnprotectRtp(fifth, fifthLength, out _), Is.EqualTo(SrtpResult.TooManySsrcs));

            // The remaining SSRCs keep their state after the removal shuffled the table.
            for (uint ssrc = 1; ssrc <= 4; ssrc++)
            {
                if (ssrc == 2)
                {
                    continue;
                }

                byte[] w = Protect(tx, TestPackets.Rtp(ssrc, 2, 20, rng), out int l);
                Assert.That(rx.UnprotectRtp(w, l, out _), Is.EqualTo(SrtpResult.Ok));
            }
        }
    }

    [Test]
    public void StreamTable_ManyInsertsAndRemovals_KeepLookupsConsistent()
    {
        var table = new SrtpStreamTable(64);
        var rng = new Random(23);
        var present = new HashSet<uint>();
        for (int step = 0; step < 20_000; step++)
        {
            uint ssrc = (uint)rng.Next(0, 200);
            if (rng.Next(2) == 0 && !table.IsFull && !present.Contains(ssrc))
            {
                int slot = table.FindSlot(ssrc, out bool found);
                Assert.That(found, Is.False);
                table.Occupy(slot, ssrc);
                table[slot].RtpIndex = ssrc;
                present.Add(ssrc);
            }
            else
            {
                Assert.That(table.Remove(ssrc), Is.EqualTo(present.Remove(ssrc)));
            }

            Assert.That(table.Count, Is.EqualTo(present.Count));
        }

        foreach (uint ssrc in present)
        {
            int slot = table.FindSlot(ssrc, out bool found);
            Assert.That(found, Is.True);
            Assert.That(table[slot].RtpIndex, Is.EqualTo((ulong)ssrc));
        }
    }

    [Test]
    public void Sender_RefusesRepeatedIndex_UnlessAllowed()
    {
        (SrtpContext tx, SrtpContext rx) = Pair(SrtpProfile.Aes128CmHmacSha1_80);
        using (tx)
        using (rx)
        {
            var rng = new Random(29);
            byte[] plain = TestPackets.Rtp(8, 100, 30, rng);
            Protect(tx, plain, out _);
            byte[] again = TestPackets.WithRoom(plain);
            Assert.That(tx.ProtectRtp(again, plain.Length, out _), Is.EqualTo(SrtpResult.Replayed));
            tx.AllowRepeatTransmit = true;
            Assert.That(tx.ProtectRtp(again, plain.Length, out _), Is.EqualTo(SrtpResult.Ok));
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void PacketPath_DoesNotAllocate(SrtpProfile profile)
    {
        (SrtpContext tx, SrtpContext rx) = Pair(profile);
        using (tx)
        using (rx)
        {
            var rng = new Random(31);
            byte[] plain = TestPackets.Rtp(3, 0, 1200, rng);
            var buffer = new byte[plain.Length + 32];
            var destination = new byte[plain.Length + 32];
            byte[] rtcp = TestPackets.WithRoom(TestPackets.Rtcp(3, 20, rng));

            void Run(ushort seq)
            {
                BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), seq);
                plain.CopyTo(buffer, 0);
                tx.ProtectRtp(buffer, plain.Length, out int length);
                rx.UnprotectRtp(buffer, length, out _);
                BinaryPrimitives.WriteUInt16BigEndian(plain.AsSpan(2), (ushort)(seq + 30_000));
                tx.ProtectRtp(plain, destination, out _);
                tx.ProtectRtcp(rtcp, 88, out int rl);
                rx.UnprotectRtcp(rtcp, rl, out _);
            }

            Run(1); // warm-up (JIT, static init)
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (ushort seq = 2; seq < 200; seq++)
            {
                Run(seq);
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
        }
    }
}
