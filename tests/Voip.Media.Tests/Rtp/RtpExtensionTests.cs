using Voip.Media.Rtp;
using Voip.Media.Tests.Srtp;

namespace Voip.Media.Tests.Rtp;

/// <summary>RFC 8285 header extensions: one-byte (§4.2) and two-byte (§4.3) forms, and the SFU's id rewrite.</summary>
public class RtpExtensionTests
{
    private static List<(byte Id, string Data)> ReadAll(ReadOnlySpan<byte> body, bool twoByte, out RtpExtensionResult result)
    {
        var list = new List<(byte, string)>();
        var reader = new RtpExtensionReader(body, twoByte);
        while (reader.TryRead(out RtpExtension e))
        {
            list.Add((e.Id, Hex.Of(e.Data)));
        }

        result = reader.Result;
        return list;
    }

    [Test]
    public void OneByteFormSkipsPaddingAndStopsAtId15()
    {
        // id 1 (1 byte ff), a padding byte, id 2 (3 bytes), then id 15: stop, ignore the rest (§4.2).
        List<(byte, string)> got = ReadAll(Hex.Parse("10ff0022 223344f0 12345678"), twoByte: false, out RtpExtensionResult r);
        Assert.That(got, Is.EqualTo(new[] { ((byte)1, "ff"), ((byte)2, "223344") }));
        Assert.That(r, Is.EqualTo(RtpExtensionResult.Ok));
    }

    [Test]
    public void TwoByteFormAllowsEmptyDataAndHighIds()
    {
        List<(byte, string)> got = ReadAll(Hex.Parse("0100 0203aabbcc 00 ff01ee 0000"), twoByte: true, out RtpExtensionResult r);
        Assert.That(got, Is.EqualTo(new[] { ((byte)1, ""), ((byte)2, "aabbcc"), ((byte)255, "ee") }));
        Assert.That(r, Is.EqualTo(RtpExtensionResult.Ok));
    }

    [TestCase("10ff33aabb", false)] // id 3 wants 4 bytes, 2 left
    [TestCase("0105aabb", true)]
    [TestCase("0000000002", true)]  // id 2 without its length byte
    public void TruncatedElementStopsWithResult(string hex, bool twoByte)
    {
        ReadAll(Hex.Parse(hex), twoByte, out RtpExtensionResult r);
        Assert.That(r, Is.EqualTo(RtpExtensionResult.Truncated));
    }

    [Test]
    public void FindsElementsThroughTheRtpHeader()
    {
        byte[] packet = Hex.Parse("900f0001 00000001 00000002 bede0002 10ff2122 33000000 c0de");
        Assert.That(RtpHeader.TryParse(packet, out RtpHeader h), Is.True);
        Assert.That(RtpExtensionReader.TryFind(h, 2, out ReadOnlySpan<byte> data), Is.True);
        Assert.That(Hex.Of(data), Is.EqualTo("2233"));
        Assert.That(RtpExtensionReader.TryFind(h, 3, out _), Is.False);

        byte[] opaque = Hex.Parse("900f0001 00000001 00000002 abcd0001 10ff0000");
        Assert.That(RtpHeader.TryParse(opaque, out h), Is.True);
        var reader = new RtpExtensionReader(h);
        Assert.That(reader.TryRead(out _), Is.False);
        Assert.That(reader.Result, Is.EqualTo(RtpExtensionResult.UnknownProfile));
    }

    [Test]
    public void WriterBuildsOneByteBlockWithPadding()
    {
        Span<byte> buffer = stackalloc byte[32];
        var writer = new RtpExtensionWriter(buffer, twoByte: false);
        Assert.That(writer.TryAdd(1, "0"u8), Is.True);
        Assert.That(writer.TryAdd(3, [0x12, 0x34]), Is.True);
        Assert.That(writer.TryAdd(15, [1]), Is.False, "id 15 is reserved in one-byte form");
        Assert.That(writer.TryAdd(4, default), Is.False, "one-byte form cannot carry empty data");
        Assert.That(writer.TryAdd(4, new byte[17]), Is.False);
        Assert.That(writer.TryFinish(out int written), Is.True);
        Assert.That(Hex.Of(buffer.Slice(0, written)), Is.EqualTo("bede0002" + "1030" + "311234" + "000000"));
    }

    [Test]
    public void WriterBuildsTwoByteBlock()
    {
        Span<byte> buffer = stackalloc byte[16];
        var writer = new RtpExtensionWriter(buffer, twoByte: true);
        Assert.That(writer.TryAdd(200, default), Is.True);
        Assert.That(writer.TryAdd(1, [9]), Is.True);
        Assert.That(writer.TryFinish(out int written), Is.True);
        Assert.That(Hex.Of(buffer.Slice(0, written)), Is.EqualTo("10000002" + "c800" + "010109" + "000000"));
    }

    [Test]
    public void RewritesIdsInPlaceAndBlanksUnknownOnes()
    {
        byte[] body = Hex.Parse("10ff2122 33000000");
        byte[] map = new byte[15];
        map[1] = 0;  // strip
        map[2] = 9;  // 2 -> 9
        Assert.That(RtpExtensionRewriter.RewriteInPlace(body, twoByte: false, map), Is.EqualTo(RtpExtensionResult.Ok));
        Assert.That(Hex.Of(body), Is.EqualTo("0000912233000000"));
        Assert.That(ReadAll(body, false, out _), Is.EqualTo(new[] { ((byte)9, "2233") }));

        map[9] = 15;
        Assert.That(RtpExtensionRewriter.RewriteInPlace(body, twoByte: false, map), Is.EqualTo(RtpExtensionResult.IdOutOfRange));
    }

    [Test]
    public void RebuildStripsUnknownAndSwitchesToTwoByteWhenAnIdNeedsIt()
    {
        byte[] body = Hex.Parse("10ff2122 33000000");
        byte[] map = new byte[256];
        map[2] = 20;
        byte[] destination = new byte[32];
        Assert.That(RtpExtensionRewriter.Rebuild(body, false, map, destination, out int written), Is.EqualTo(RtpExtensionResult.Ok));
        Assert.That(Hex.Of(destination.AsSpan(0, written)), Is.EqualTo("10000001" + "14022233"));

        map[2] = 0;
        Assert.That(RtpExtensionRewriter.Rebuild(body, false, map, destination, out written), Is.EqualTo(RtpExtensionResult.Ok));
        Assert.That(written, Is.Zero, "nothing kept: no block at all");

        map[1] = 5;
        Assert.That(RtpExtensionRewriter.Rebuild(body, false, map, destination.AsSpan(0, 5), out _), Is.EqualTo(RtpExtensionResult.DestinationTooSmall));
        Assert.That(RtpExtensionRewriter.Rebuild(Hex.Parse("10ff33"), false, map, destination, out _), Is.EqualTo(RtpExtensionResult.Truncated));
    }

    [Test]
    public void RewriteHeaderCopiesCsrcsAndFixesTheExtensionBit()
    {
        // CC=1, X=1: one-byte block with mid (id 1, "a") and abs-send-time (id 3), then payload "c0de".
        byte[] packet = Hex.Parse("916f0001 00000002 00000003 00000004 bede0002 1061 22aabbcc 000000 c0de");
        Assert.That(RtpHeader.TryParse(packet, out RtpHeader h), Is.True);
        byte[] map = new byte[15];
        map[1] = 4;
        byte[] destination = new byte[64];
        Assert.That(RtpExtensionRewriter.RewriteHeader(h, map, destination, out int headerLength), Is.EqualTo(RtpExtensionResult.Ok));
        Assert.That(Hex.Of(destination.AsSpan(0, headerLength)), Is.EqualTo("916f0001000000020000000300000004" + "bede0001" + "40610000"));

        Array.Clear(map);
        Assert.That(RtpExtensionRewriter.RewriteHeader(h, map, destination, out headerLength), Is.EqualTo(RtpExtensionResult.Ok));
        Assert.That(headerLength, Is.EqualTo(16));
        Assert.That(destination[0], Is.EqualTo(0x81), "X cleared");
    }

    [Test]
    public void ReadAndRebuildAllocateNothing()
    {
        byte[] body = Hex.Parse("10ff2122 33000000");
        byte[] map = new byte[15];
        map[2] = 3;
        byte[] destination = new byte[32];
        long sum = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            var reader = new RtpExtensionReader(body, false);
            while (reader.TryRead(out RtpExtension e))
            {
                sum += e.Data.Length;
            }

            RtpExtensionRewriter.Rebuild(body, false, map, destination, out int written);
            sum += written;
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(sum, Is.EqualTo(1000 * (3 + 8)));
    }
}
