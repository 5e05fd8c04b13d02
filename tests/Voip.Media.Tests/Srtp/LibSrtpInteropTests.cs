using Voip.Bench.Srtp.LibSrtp;
using Voip.Media.Srtp;

namespace Voip.Media.Tests.Srtp;

/// <summary>
/// Cross-checks against libsrtp2 (the reference implementation): byte-identical protect output, each side
/// unprotecting the other's packets, sequence runs across 65535 → 0, replay and tamper refusal.
/// </summary>
[Category("Interop")]
public class LibSrtpInteropTests
{
    private static readonly SrtpProfile[] Profiles =
        [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm];

    [SetUp]
    public void RequireLibSrtp()
    {
        if (!LibSrtpSession.IsAvailable)
        {
            Assert.Ignore(LibSrtpSession.InstallHint);
        }
    }

    private static (byte[] Key, byte[] Salt) Keys(SrtpProfile profile, Random rng)
    {
        var key = new byte[SrtpContext.GetMasterKeyLength(profile)];
        var salt = new byte[SrtpContext.GetMasterSaltLength(profile)];
        rng.NextBytes(key);
        rng.NextBytes(salt);
        return (key, salt);
    }

    [Test]
    public void LibSrtpReferencePacket_BothSidesProduceTheKnownOutput()
    {
        byte[] key = Hex.Parse("e1f97a0d3e018be0d64fa32c06de4139");
        byte[] salt = Hex.Parse("0ec675ad498afeebb6960b3aabe6");
        byte[] plain = Hex.Parse("800f1234decafbadcafebabe" + "abababababababababababababababab");
        const string Expected = "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb";

        byte[] ours = TestPackets.WithRoom(plain);
        using var ctx = new SrtpContext(SrtpProfile.Aes128CmHmacSha1_80, key, salt);
        Assert.That(ctx.ProtectRtp(ours, plain.Length, out int ourLength), Is.EqualTo(SrtpResult.Ok));
        Assert.That(Hex.Of(ours.AsSpan(0, ourLength)), Is.EqualTo(Expected));

        byte[] theirs = TestPackets.WithRoom(plain);
        using var lib = new LibSrtpSession(SrtpProfile.Aes128CmHmacSha1_80, key, salt, outbound: true);
        int theirLength = plain.Length;
        Assert.That(lib.ProtectRtp(theirs, ref theirLength), Is.EqualTo(LibSrtpNative.Ok));
        Assert.That(Hex.Of(theirs.AsSpan(0, theirLength)), Is.EqualTo(Expected));
    }

    [TestCaseSource(nameof(Profiles))]
    public void Rtp_RandomPacketsAndWrap_MatchLibSrtpByteForByte(SrtpProfile profile)
    {
        var rng = new Random(1000 + (int)profile);
        (byte[] key, byte[] salt) = Keys(profile, rng);
        using var ourSender = new SrtpContext(profile, key, salt);
        using var ourReceiver = new SrtpContext(profile, key, salt);
        using var libSender = new LibSrtpSession(profile, key, salt, outbound: true);
        using var libReceiver = new LibSrtpSession(profile, key, salt, outbound: false);

        // Three sources; two start just below the wrap so their runs cross 65535 → 0 (ROC 0 → 1).
        uint[] ssrcs = [0x11111111, 0xCAFEBABE, 0x00000001];
        ushort[] seqs = [65_500, 65_530, 100];
        for (int n = 0; n < 300; n++)
        {
            int s = n % 3;
            byte[] plain = TestPackets.RandomRtp(ssrcs[s], seqs[s]++, rng);

            byte[] ours = TestPackets.WithRoom(plain);
            Assert.That(ourSender.ProtectRtp(ours, plain.Length, out int ourLength), Is.EqualTo(SrtpResult.Ok));
            byte[] theirs = TestPackets.WithRoom(plain);
            int theirLength = plain.Length;
            Assert.That(libSender.ProtectRtp(theirs, ref theirLength), Is.EqualTo(LibSrtpNative.Ok));
            Assert.That(Hex.Of(ours.AsSpan(0, ourLength)), Is.EqualTo(Hex.Of(theirs.AsSpan(0, theirLength))), $"packet {n}");

            // Each side unprotects the other's packet.
            Assert.That(libReceiver.UnprotectRtp(ours, ref ourLength), Is.EqualTo(LibSrtpNative.Ok));
            Assert.That(ours.AsSpan(0, ourLength).SequenceEqual(plain), Is.True);
            Assert.That(ourReceiver.UnprotectRtp(theirs, theirLength, out int plainLength), Is.EqualTo(SrtpResult.Ok), $"packet {n}");
            Assert.That(theirs.AsSpan(0, plainLength).SequenceEqual(plain), Is.True);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void Rtcp_RandomCompoundPackets_MatchLibSrtpByteForByte(SrtpProfile profile)
    {
        var rng = new Random(2000 + (int)profile);
        (byte[] key, byte[] salt) = Keys(profile, rng);
        using var ourSender = new SrtpContext(profile, key, salt);
        using var ourReceiver = new SrtpContext(profile, key, salt);
        using var libSender = new LibSrtpSession(profile, key, salt, outbound: true);
        using var libReceiver = new LibSrtpSession(profile, key, salt, outbound: false);
        for (int n = 0; n < 100; n++)
        {
            byte[] plain = TestPackets.Rtcp(n % 2 == 0 ? 0xAAAA0001u : 0xBBBB0002u, rng.Next(0, 200), rng);
            byte[] ours = TestPackets.WithRoom(plain);
            Assert.That(ourSender.ProtectRtcp(ours, plain.Length, out int ourLength), Is.EqualTo(SrtpResult.Ok));
            byte[] theirs = TestPackets.WithRoom(plain);
            int theirLength = plain.Length;
            Assert.That(libSender.ProtectRtcp(theirs, ref theirLength), Is.EqualTo(LibSrtpNative.Ok));
            Assert.That(Hex.Of(ours.AsSpan(0, ourLength)), Is.EqualTo(Hex.Of(theirs.AsSpan(0, theirLength))), $"packet {n}");

            Assert.That(libReceiver.UnprotectRtcp(ours, ref ourLength), Is.EqualTo(LibSrtpNative.Ok));
            Assert.That(ours.AsSpan(0, ourLength).SequenceEqual(plain), Is.True);
            Assert.That(ourReceiver.UnprotectRtcp(theirs, theirLength, out int plainLength), Is.EqualTo(SrtpResult.Ok));
            Assert.That(theirs.AsSpan(0, plainLength).SequenceEqual(plain), Is.True);
        }
    }

    [TestCaseSource(nameof(Profiles))]
    public void ReplayedAndTamperedPackets_AreRefusedByBoth(SrtpProfile profile)
    {
        var rng = new Random(3000 + (int)profile);
        (byte[] key, byte[] salt) = Keys(profile, rng);
        using var ourSender = new SrtpContext(profile, key, salt);
        using var ourReceiver = new SrtpContext(profile, key, salt);
        using var libReceiver = new LibSrtpSession(profile, key, salt, outbound: false);

        byte[] plain = TestPackets.Rtp(0x1234, 7, 160, rng);
        byte[] wire = TestPackets.WithRoom(plain);
        Assert.That(ourSender.ProtectRtp(wire, plain.Length, out int length), Is.EqualTo(SrtpResult.Ok));

        // Tampered (one payload bit): both refuse, and neither marks the index as seen.
        byte[] tampered = (byte[])wire.Clone();
        tampered[20] ^= 0x01;
        int l = length;
        Assert.That(libReceiver.UnprotectRtp((byte[])tampered.Clone(), ref l), Is.EqualTo(LibSrtpNative.AuthFail));
        Assert.That(ourReceiver.UnprotectRtp((byte[])tampered.Clone(), length, out _), Is.EqualTo(SrtpResult.AuthenticationFailed));

        // Genuine, then replayed.
        l = length;
        Assert.That(libReceiver.UnprotectRtp((byte[])wire.Clone(), ref l), Is.EqualTo(LibSrtpNative.Ok));
        Assert.That(ourReceiver.UnprotectRtp((byte[])wire.Clone(), length, out _), Is.EqualTo(SrtpResult.Ok));
        l = length;
        Assert.That(libReceiver.UnprotectRtp((byte[])wire.Clone(), ref l), Is.EqualTo(LibSrtpNative.ReplayFail));
        Assert.That(ourReceiver.UnprotectRtp((byte[])wire.Clone(), length, out _), Is.EqualTo(SrtpResult.Replayed));

        // SRTCP: replay and tamper too.
        byte[] rtcpPlain = TestPackets.Rtcp(0x1234, 6, rng);
        byte[] rtcp = TestPackets.WithRoom(rtcpPlain);
        Assert.That(ourSender.ProtectRtcp(rtcp, rtcpPlain.Length, out int rtcpLength), Is.EqualTo(SrtpResult.Ok));
        byte[] rtcpTampered = (byte[])rtcp.Clone();
        rtcpTampered[9] ^= 0x80;
        l = rtcpLength;
        Assert.That(libReceiver.UnprotectRtcp((byte[])rtcpTampered.Clone(), ref l), Is.EqualTo(LibSrtpNative.AuthFail));
        Assert.That(ourReceiver.UnprotectRtcp((byte[])rtcpTampered.Clone(), rtcpLength, out _), Is.EqualTo(SrtpResult.AuthenticationFailed));
        l = rtcpLength;
        Assert.That(libReceiver.UnprotectRtcp((byte[])rtcp.Clone(), ref l), Is.EqualTo(LibSrtpNative.Ok));
        Assert.That(ourReceiver.UnprotectRtcp((byte[])rtcp.Clone(), rtcpLength, out _), Is.EqualTo(SrtpResult.Ok));
        l = rtcpLength;
        Assert.That(libReceiver.UnprotectRtcp((byte[])rtcp.Clone(), ref l), Is.EqualTo(LibSrtpNative.ReplayFail));
        Assert.That(ourReceiver.UnprotectRtcp((byte[])rtcp.Clone(), rtcpLength, out _), Is.EqualTo(SrtpResult.Replayed));
    }
}
