using System.Net;
using System.Security.Cryptography;
using System.Text;
using Voip.Media.Net;
using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

/// <summary>
/// RFC 5769 "Test Vectors for STUN": §2.1 sample request, §2.2 sample IPv4 response, §2.3 sample IPv6
/// response (short-term credential), and §2.4 sample request with long-term authentication.
/// </summary>
public class Rfc5769VectorTests
{
    private static readonly byte[] Password = Encoding.ASCII.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");
    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    // RFC 5769 §2.1 — Sample Request
    private static readonly byte[] SampleRequest = Convert.FromHexString(
        "00010058" + "2112a442" + "b7e7a701" + "bc34d686" + "fa87dfae"
        + "80220010" + "5354554e" + "20746573" + "7420636c" + "69656e74" // SOFTWARE "STUN test client"
        + "00240004" + "6e0001ff"                                       // PRIORITY
        + "80290008" + "932ff9b1" + "51263b36"                          // ICE-CONTROLLED
        + "00060009" + "6576746a" + "3a683676" + "59202020"             // USERNAME "evtj:h6vY" + padding
        + "00080014" + "9aeaa70c" + "bfd8cb56" + "781ef2b5" + "b2d3f249" + "c1b571a2" // MESSAGE-INTEGRITY
        + "80280004" + "e57a3bcf");                                     // FINGERPRINT

    // RFC 5769 §2.2 — Sample IPv4 Response
    private static readonly byte[] SampleIPv4Response = Convert.FromHexString(
        "0101003c" + "2112a442" + "b7e7a701" + "bc34d686" + "fa87dfae"
        + "8022000b" + "74657374" + "20766563" + "746f7220"             // SOFTWARE "test vector"
        + "00200008" + "0001a147" + "e112a643"                          // XOR-MAPPED-ADDRESS
        + "00080014" + "2b91f599" + "fd9e90c3" + "8c7489f9" + "2af9ba53" + "f06be7d7"
        + "80280004" + "c07d4c96");

    // RFC 5769 §2.3 — Sample IPv6 Response
    private static readonly byte[] SampleIPv6Response = Convert.FromHexString(
        "01010048" + "2112a442" + "b7e7a701" + "bc34d686" + "fa87dfae"
        + "8022000b" + "74657374" + "20766563" + "746f7220"
        + "00200014" + "0002a147" + "0113a9fa" + "a5d3f179" + "bc25f4b5" + "bed2b9d9"
        + "00080014" + "a382954e" + "4be67bf1" + "1784c97c" + "8292c275" + "bfe3ed41"
        + "80280004" + "c8fb0b4c");

    // RFC 5769 §2.4 — Sample Request with Long-Term Authentication
    private static readonly byte[] SampleLongTermRequest = Convert.FromHexString(
        "00010060" + "2112a442" + "78ad3433" + "c6ad72c0" + "29da412e"
        + "00060012" + "e3839ee3" + "8388e383" + "aae38383" + "e382afe3" + "82b90000" // USERNAME
        + "0015001c" + "662f2f34" + "39396b39" + "35346436" + "4f4c3334" + "6f4c3946" + "53547679" + "36347341" // NONCE
        + "0014000b" + "6578616d" + "706c652e" + "6f726700"             // REALM "example.org"
        + "00080014" + "f67024656dd64a3e02b8e0712e85c9a28ca89666");

    private static readonly UdpEndpoint MappedV4 = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853));

    private static readonly UdpEndpoint MappedV6 =
        UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853));

    [Test]
    public void Section21_SampleRequest_ParsesAndVerifies()
    {
        Assert.That(StunMessage.IsStun(SampleRequest), Is.True);
        Assert.That(StunMessage.TryParse(SampleRequest, out StunMessage m, out StunParseError error), Is.True, error.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.MessageType, Is.EqualTo(StunMessageType.BindingRequest));
            Assert.That(m.Class, Is.EqualTo(StunClass.Request));
            Assert.That(m.TransactionId.ToArray(), Is.EqualTo(TransactionId));
            Assert.That(Encoding.UTF8.GetString(m.Username), Is.EqualTo("evtj:h6vY"));
            Assert.That(m.TryGetPriority(out uint priority) && priority == 0x6e0001ff, Is.True);
            Assert.That(m.TryGetIceControlled(out ulong tie) && tie == 0x932ff9b151263b36, Is.True);
            Assert.That(m.HasIceControlling, Is.False);
            Assert.That(m.HasUseCandidate, Is.False);
            Assert.That(m.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> sw) && sw.SequenceEqual("STUN test client"u8), Is.True);
            Assert.That(m.VerifyMessageIntegrity(Password), Is.True);
            Assert.That(m.VerifyFingerprint(), Is.True);
            Assert.That(m.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8), Is.False, "one letter of the password changed");
        }
    }

    [Test]
    public void Section22_SampleIPv4Response_ParsesAndVerifies()
    {
        Assert.That(StunMessage.TryParse(SampleIPv4Response, out StunMessage m, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.MessageType, Is.EqualTo(StunMessageType.BindingSuccessResponse));
            Assert.That(m.TryGetXorMappedAddress(out UdpEndpoint mapped), Is.True);
            Assert.That(mapped, Is.EqualTo(MappedV4));
            Assert.That(m.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> sw) && sw.SequenceEqual("test vector"u8), Is.True);
            Assert.That(m.VerifyMessageIntegrity(Password), Is.True);
            Assert.That(m.VerifyFingerprint(), Is.True);
        }
    }

    [Test]
    public void Section23_SampleIPv6Response_ParsesAndVerifies()
    {
        Assert.That(StunMessage.TryParse(SampleIPv6Response, out StunMessage m, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.TryGetXorMappedAddress(out UdpEndpoint mapped), Is.True);
            Assert.That(mapped, Is.EqualTo(MappedV6));
            Assert.That(mapped.IsIPv4, Is.False);
            Assert.That(m.VerifyMessageIntegrity(Password), Is.True);
            Assert.That(m.VerifyFingerprint(), Is.True);
        }
    }

    [Test]
    public void Section24_LongTermRequest_VerifiesWithMd5Key()
    {
        Assert.That(StunMessage.TryParse(SampleLongTermRequest, out StunMessage m, out _), Is.True);
        string username = Encoding.UTF8.GetString(m.Username);
        Assert.That(username, Is.EqualTo("\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9"));
        Assert.That(m.TryGetAttribute(StunAttributeType.Realm, out ReadOnlySpan<byte> realm), Is.True);
        Assert.That(Encoding.UTF8.GetString(realm), Is.EqualTo("example.org"));

        // RFC 8489 §9.2.2: key = MD5(username ":" realm ":" SASLprep(password)); "TheMatrIX" is the prepared form.
        byte[] key = MD5.HashData(Encoding.UTF8.GetBytes(username + ":example.org:TheMatrIX"));
        Assert.That(m.VerifyMessageIntegrity(key), Is.True);
        Assert.That(m.HasFingerprint, Is.False);
    }

    [Test]
    public void Writer_ReproducesSection21_ByteForByte()
    {
        Span<byte> buffer = stackalloc byte[256];
        var w = new StunWriter(buffer, StunMessageType.BindingRequest, TransactionId) { PaddingByte = 0x20 };
        Assert.That(w.TryAddAttribute(StunAttributeType.Software, "STUN test client"u8), Is.True);
        Assert.That(w.TryAddPriority(0x6e0001ff), Is.True);
        Assert.That(w.TryAddIceControlled(0x932ff9b151263b36), Is.True);
        Assert.That(w.TryAddUsername("evtj:h6vY"u8), Is.True);
        using (var key = new StunIntegrityKey(Password))
        {
            Assert.That(w.TryAddMessageIntegrity(key), Is.True);
        }

        Assert.That(w.TryAddFingerprint(), Is.True);
        Assert.That(w.Written.ToArray(), Is.EqualTo(SampleRequest));
    }

    [Test]
    public void Writer_ReproducesSection22_ByteForByte()
    {
        Assert.That(WriteResponse(MappedV4), Is.EqualTo(SampleIPv4Response));
    }

    [Test]
    public void Writer_ReproducesSection23_ByteForByte()
    {
        Assert.That(WriteResponse(MappedV6), Is.EqualTo(SampleIPv6Response));
    }

    [Test]
    public void Vectors_AgreeWithIndependentReference()
    {
        foreach (byte[] vector in new[] { SampleRequest, SampleIPv4Response, SampleIPv6Response })
        {
            Assert.That(StunReference.IntegrityMatches(vector, Password), Is.True);
            Assert.That(StunReference.FingerprintMatches(vector), Is.True);
        }
    }

    private static byte[] WriteResponse(UdpEndpoint mapped)
    {
        Span<byte> buffer = stackalloc byte[256];
        var w = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, TransactionId) { PaddingByte = 0x20 };
        Assert.That(w.TryAddAttribute(StunAttributeType.Software, "test vector"u8), Is.True);
        Assert.That(w.TryAddXorMappedAddress(mapped), Is.True);
        Assert.That(w.TryAddMessageIntegrity(Password), Is.True, "raw-key overload");
        Assert.That(w.TryAddFingerprint(), Is.True);
        return w.Written.ToArray();
    }
}
