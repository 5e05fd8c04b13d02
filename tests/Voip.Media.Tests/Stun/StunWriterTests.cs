using System.Net;
using Voip.Media.Net;
using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

public class StunWriterTests
{
    private static readonly byte[] Tid = Convert.FromHexString("a1a2a3a4a5a6a7a8a9aaabac");
    private static readonly byte[] Key = "pa55word-pa55word-pa55word"u8.ToArray();

    [Test]
    public void RoundTrip_AllAttributes()
    {
        var from = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("203.0.113.7"), 50123));
        byte[] buffer = new byte[256];
        var w = new StunWriter(buffer, StunMessageType.BindingRequest, Tid);
        Assert.That(w.TryAddUsername("abc:defg"u8), Is.True);
        Assert.That(w.TryAddPriority(0xdeadbeef), Is.True);
        Assert.That(w.TryAddIceControlling(0x0102030405060708), Is.True);
        Assert.That(w.TryAddUseCandidate(), Is.True);
        Assert.That(w.TryAddXorMappedAddress(from), Is.True);
        Assert.That(w.TryAddErrorCode(487, "Role Conflict"u8), Is.True);
        Assert.That(w.TryAddUnknownAttributes([0x7777, 0x0042, 0x0013]), Is.True);
        Assert.That(w.TryAddMessageIntegrity(Key), Is.True);
        Assert.That(w.TryAddFingerprint(), Is.True);
        byte[] message = buffer[..w.Length];

        Assert.That(message.Length % 4, Is.Zero);
        Assert.That(StunMessage.TryParse(message, out StunMessage m, out StunParseError error), Is.True, error.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.Length, Is.EqualTo(message.Length));
            Assert.That(m.TransactionId.ToArray(), Is.EqualTo(Tid));
            Assert.That(m.Username.ToArray(), Is.EqualTo("abc:defg"u8.ToArray()));
            Assert.That(m.TryGetPriority(out uint p) && p == 0xdeadbeef, Is.True);
            Assert.That(m.TryGetIceControlling(out ulong t) && t == 0x0102030405060708, Is.True);
            Assert.That(m.HasUseCandidate, Is.True);
            Assert.That(m.TryGetXorMappedAddress(out UdpEndpoint mapped) && mapped == from, Is.True);
            Assert.That(m.TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason), Is.True);
            Assert.That(code, Is.EqualTo(487));
            Assert.That(m.TryGetErrorCode(out _, out reason) && reason.SequenceEqual("Role Conflict"u8), Is.True);
            Assert.That(m.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> ua) && ua.SequenceEqual(new byte[] { 0x77, 0x77, 0, 0x42, 0, 0x13 }), Is.True);
            Assert.That(m.VerifyMessageIntegrity(Key), Is.True);
            Assert.That(m.VerifyFingerprint(), Is.True);
        }
    }

    [Test]
    public void Integrity_AndFingerprint_AcceptedByIndependentImplementations()
    {
        byte[] buffer = new byte[256];
        var w = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, Tid);
        w.TryAddXorMappedAddress(UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 9)));
        using (var key = new StunIntegrityKey(Key))
        {
            Assert.That(w.TryAddMessageIntegrity(key), Is.True);
        }

        w.TryAddFingerprint();
        byte[] message = buffer[..w.Length];
        Assert.That(StunReference.IntegrityMatches(message, Key), Is.True, "System.Security.Cryptography.HMACSHA1");
        Assert.That(StunReference.FingerprintMatches(message), Is.True, "bitwise CRC-32");
        Assert.That(StunReference.IntegrityMatches(message, [.. Key[..^1], (byte)(Key[^1] ^ 1)]), Is.False);
    }

    [Test]
    public void XorMappedAddress_IPv6_RoundTrip_UsesTransactionId()
    {
        var v6 = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 3478));
        byte[] a = WriteMapped(v6, Tid);
        byte[] otherTid = (byte[])Tid.Clone();
        otherTid[11] ^= 0xff;
        byte[] b = WriteMapped(v6, otherTid);
        Assert.That(a[^1], Is.Not.EqualTo(b[^1]), "the last address byte is XORed with the last transaction id byte");
        Assert.That(StunMessage.TryParse(a, out StunMessage m, out _) && m.TryGetXorMappedAddress(out UdpEndpoint back) && back == v6, Is.True);
    }

    [Test]
    public void TooSmallBuffer_FailsWithoutWriting()
    {
        byte[] buffer = new byte[28];
        var w = new StunWriter(buffer, StunMessageType.BindingRequest, Tid);
        Assert.That(w.IsValid, Is.True);
        Assert.That(w.TryAddPriority(1), Is.True); // 20 + 8 = 28
        Assert.That(w.TryAddUseCandidate(), Is.False);
        Assert.That(w.TryAddFingerprint(), Is.False);
        Assert.That(w.Length, Is.EqualTo(28));
        Assert.That(buffer[3], Is.EqualTo(8), "header length unchanged by the failed append");

        var tiny = new StunWriter(new byte[19], StunMessageType.BindingRequest, Tid);
        Assert.That(tiny.IsValid, Is.False);
        Assert.That(tiny.TryAddUseCandidate(), Is.False);

        var badTid = new StunWriter(new byte[64], StunMessageType.BindingRequest, Tid[..11]);
        Assert.That(badTid.IsValid, Is.False);
    }

    [Test]
    public void Fingerprint_SealsTheMessage()
    {
        byte[] buffer = new byte[128];
        var w = new StunWriter(buffer, StunMessageType.BindingRequest, Tid);
        Assert.That(w.TryAddFingerprint(), Is.True);
        Assert.That(w.TryAddPriority(1), Is.False);
        Assert.That(w.TryAddMessageIntegrity(Key), Is.False);
    }

    [Test]
    public void InvalidErrorCodeOrUsername_Refused()
    {
        var w = new StunWriter(new byte[2048], StunMessageType.BindingErrorResponse, Tid);
        Assert.That(w.TryAddErrorCode(299, default), Is.False);
        Assert.That(w.TryAddErrorCode(700, default), Is.False);
        Assert.That(w.TryAddUsername(new byte[StunMessage.MaxUsernameLength + 1]), Is.False);
        Assert.That(w.Length, Is.EqualTo(20));
    }

    [Test]
    public void TamperedMessage_FailsIntegrity()
    {
        byte[] m = StunTestMessages.ChromeLikeRequest("a:b", Key);
        Assert.That(StunMessage.TryParse(m, out StunMessage ok, out _) && ok.VerifyMessageIntegrity(Key), Is.True);
        m[33] ^= 1; // inside the GOOG-NETWORK-INFO value (USERNAME "a:b" is 8 bytes, then a 4-byte header)
        Assert.That(StunMessage.TryParse(m, out StunMessage bad, out _), Is.True);
        Assert.That(bad.VerifyMessageIntegrity(Key), Is.False);
        Assert.That(bad.VerifyFingerprint(), Is.False);
    }

    private static byte[] WriteMapped(UdpEndpoint endpoint, byte[] tid)
    {
        byte[] buffer = new byte[64];
        var w = new StunWriter(buffer, StunMessageType.BindingSuccessResponse, tid);
        Assert.That(w.TryAddXorMappedAddress(endpoint), Is.True);
        return buffer[..w.Length];
    }
}
