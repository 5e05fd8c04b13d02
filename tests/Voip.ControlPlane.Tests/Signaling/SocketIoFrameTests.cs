using System.Text;
using Voip.ControlPlane.Signaling;

namespace Voip.ControlPlane.Tests.Signaling;

/// <summary>
/// The Engine.IO v4 / Socket.IO v5 text-frame parser: the packet encodings of the two protocol documents
/// (socket.io-protocol v5 "Packet encoding", engine.io-protocol v4 "Packet encoding"), and what it must refuse.
/// </summary>
public class SocketIoFrameTests
{
    private static FrameParseStatus Parse(string text, out EngineIoPacketType engine, out SocketIoPacketType socket, out string ns, out long ackId, out string json)
    {
        var status = SocketIoFrame.TryParse(Encoding.UTF8.GetBytes(text), out var frame);
        engine = frame.EngineType;
        socket = frame.SocketType;
        ns = Encoding.UTF8.GetString(frame.Namespace);
        ackId = frame.AckId;
        json = Encoding.UTF8.GetString(frame.Json);
        return status;
    }

    [TestCase("2", EngineIoPacketType.Ping, "")]
    [TestCase("3", EngineIoPacketType.Pong, "")]
    [TestCase("3probe", EngineIoPacketType.Pong, "probe")]
    [TestCase("1", EngineIoPacketType.Close, "")]
    [TestCase("6", EngineIoPacketType.Noop, "")]
    public void EngineIoControlPackets_AreTheFirstByte_WithTheRestAsData(string text, EngineIoPacketType type, string data)
    {
        Assert.That(Parse(text, out var engine, out _, out _, out var ack, out var json), Is.EqualTo(FrameParseStatus.Ok));
        Assert.That(engine, Is.EqualTo(type));
        Assert.That(json, Is.EqualTo(data));
        Assert.That(ack, Is.EqualTo(-1));
    }

    // Examples from the Socket.IO v5 protocol's packet-encoding section.
    [TestCase("40", SocketIoPacketType.Connect, "", -1L, "")]
    [TestCase("40{\"token\":\"abc\"}", SocketIoPacketType.Connect, "", -1L, "{\"token\":\"abc\"}")]
    [TestCase("40/admin,{\"token\":\"abc\"}", SocketIoPacketType.Connect, "/admin", -1L, "{\"token\":\"abc\"}")]
    [TestCase("40/admin", SocketIoPacketType.Connect, "/admin", -1L, "")]
    [TestCase("41", SocketIoPacketType.Disconnect, "", -1L, "")]
    [TestCase("42[\"foo\"]", SocketIoPacketType.Event, "", -1L, "[\"foo\"]")]
    [TestCase("4212[\"foo\",{\"a\":1}]", SocketIoPacketType.Event, "", 12L, "[\"foo\",{\"a\":1}]")]
    [TestCase("42/admin,456[\"project:delete\",123]", SocketIoPacketType.Event, "/admin", 456L, "[\"project:delete\",123]")]
    [TestCase("43456[]", SocketIoPacketType.Ack, "", 456L, "[]")]
    [TestCase("42999999999999999[]", SocketIoPacketType.Event, "", 999_999_999_999_999L, "[]")]
    [TestCase("44{\"message\":\"Not authorized\"}", SocketIoPacketType.ConnectError, "", -1L, "{\"message\":\"Not authorized\"}")]
    public void SocketIoPackets_SplitIntoTypeNamespaceAckIdAndJson(string text, SocketIoPacketType type, string ns, long ackId, string json)
    {
        Assert.That(Parse(text, out var engine, out var socket, out var parsedNs, out var parsedAck, out var parsedJson), Is.EqualTo(FrameParseStatus.Ok));
        Assert.That(engine, Is.EqualTo(EngineIoPacketType.Message));
        Assert.That(socket, Is.EqualTo(type));
        Assert.That(parsedNs, Is.EqualTo(ns));
        Assert.That(parsedAck, Is.EqualTo(ackId));
        Assert.That(parsedJson, Is.EqualTo(json));
    }

    [Test]
    public void MainNamespace_IsEmptyOrSlash()
    {
        SocketIoFrame.TryParse("42[\"x\"]"u8, out var plain);
        Assert.That(plain.IsMainNamespace, Is.True);
        SocketIoFrame.TryParse("42/,[\"x\"]"u8, out var slash);
        Assert.That(slash.IsMainNamespace, Is.True);
        SocketIoFrame.TryParse("42/chat,[\"x\"]"u8, out var chat);
        Assert.That(chat.IsMainNamespace, Is.False);
    }

    [TestCase("", FrameParseStatus.Empty)]
    [TestCase("7", FrameParseStatus.UnknownEngineType)]
    [TestCase("x42[]", FrameParseStatus.UnknownEngineType)]
    [TestCase("/42[]", FrameParseStatus.UnknownEngineType)]
    [TestCase("4", FrameParseStatus.UnknownSocketType)]
    [TestCase("47[]", FrameParseStatus.UnknownSocketType)]
    [TestCase("4x", FrameParseStatus.UnknownSocketType)]
    [TestCase("451-[\"bin\",{\"_placeholder\":true,\"num\":0}]", FrameParseStatus.Unsupported)]
    [TestCase("461-0[]", FrameParseStatus.Unsupported)]
    [TestCase("42x", FrameParseStatus.BadJson)]
    [TestCase("42 [\"foo\"]", FrameParseStatus.BadJson)]
    [TestCase("4212abc", FrameParseStatus.BadJson)]
    [TestCase("42/chat,x", FrameParseStatus.BadJson)]
    [TestCase("421234567890123456[]", FrameParseStatus.BadAckId)]
    [TestCase("42999999999999999999999999999999999999[]", FrameParseStatus.BadAckId)]
    public void MalformedFrames_ReturnAStatus_NeverThrow(string text, FrameParseStatus expected)
    {
        Assert.That(Parse(text, out _, out _, out _, out _, out _), Is.EqualTo(expected));
    }

    [Test]
    public void OverlongNamespace_IsRefused_WithAndWithoutPayload()
    {
        var ns = "/" + new string('n', 128);
        Assert.That(Parse("42" + ns + ",[]", out _, out _, out _, out _, out _), Is.EqualTo(FrameParseStatus.BadNamespace));
        Assert.That(Parse("40" + ns, out _, out _, out _, out _, out _), Is.EqualTo(FrameParseStatus.BadNamespace));
        Assert.That(Parse("42" + ns[..^1] + ",[]", out _, out _, out var ok, out _, out _), Is.EqualTo(FrameParseStatus.Ok));
        Assert.That(ok, Has.Length.EqualTo(128));
    }

    [Test]
    public void NonAsciiAndControlBytes_AreRefusedAsTypes()
    {
        Assert.That(SocketIoFrame.TryParse([0xFF, (byte)'2'], out _), Is.EqualTo(FrameParseStatus.UnknownEngineType));
        Assert.That(SocketIoFrame.TryParse([(byte)'4', 0x00], out _), Is.EqualTo(FrameParseStatus.UnknownSocketType));
        Assert.That(SocketIoFrame.TryParse([(byte)'4', (byte)'2', 0xC3, 0xA9], out _), Is.EqualTo(FrameParseStatus.BadJson));
    }

    /// <summary>
    /// Random frames (biased towards the packet alphabet) never throw, and whatever parses Ok is self-consistent:
    /// the slices lie inside the input and a message's payload starts as JSON does.
    /// </summary>
    [Test]
    public void RandomFrames_NeverThrow_AndOkResultsAreConsistent()
    {
        var random = new Random(6);
        var alphabet = "0123456789/,[]{}\"ax-"u8.ToArray();
        var buffer = new byte[300];
        var counts = new Dictionary<FrameParseStatus, int>();
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, buffer.Length);
            for (var j = 0; j < length; j++)
            {
                buffer[j] = random.Next(8) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }

            if (length > 0 && random.Next(2) == 0)
            {
                buffer[0] = (byte)'4';
            }

            var input = buffer.AsSpan(0, length);
            var status = SocketIoFrame.TryParse(input, out var frame);
            counts[status] = counts.GetValueOrDefault(status) + 1;
            Assert.That(Enum.IsDefined(status), Is.True);
            if (status != FrameParseStatus.Ok || frame.EngineType != EngineIoPacketType.Message)
            {
                continue;
            }

            Assert.That(frame.Json.Length + frame.Namespace.Length, Is.LessThanOrEqualTo(length - 2));
            Assert.That(frame.AckId, Is.GreaterThanOrEqualTo(-1));
            if (!frame.Json.IsEmpty)
            {
                Assert.That(frame.Json[0], Is.EqualTo((byte)'{').Or.EqualTo((byte)'['));
            }
        }

        // The generator reaches both outcomes, so the loop above checked something.
        Assert.That(counts.GetValueOrDefault(FrameParseStatus.Ok), Is.GreaterThan(100));
        Assert.That(counts.Keys.Count, Is.GreaterThanOrEqualTo(5));
    }
}
