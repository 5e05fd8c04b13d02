using System.Buffers.Binary;
using Voip.Media.Stun;

namespace Voip.Media.Tests.Stun;

public class StunMessageParseTests
{
    private static readonly byte[] Tid = Convert.FromHexString("0102030405060708090a0b0c");

    /// <summary>Header + raw attribute bytes, with the header length set to the body length.</summary>
    private static byte[] Message(ushort type, params byte[][] attributes)
    {
        byte[] body = attributes.SelectMany(a => a).ToArray();
        byte[] m = new byte[20 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(m, type);
        BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(2), (ushort)body.Length);
        BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(4), StunMessage.MagicCookie);
        Tid.CopyTo(m, 8);
        body.CopyTo(m, 20);
        return m;
    }

    /// <summary>Attribute with explicit length field and raw following bytes (no automatic padding).</summary>
    private static byte[] Raw(ushort type, int lengthField, params byte[] following)
    {
        byte[] a = new byte[4 + following.Length];
        BinaryPrimitives.WriteUInt16BigEndian(a, type);
        BinaryPrimitives.WriteUInt16BigEndian(a.AsSpan(2), (ushort)lengthField);
        following.CopyTo(a, 4);
        return a;
    }

    private static StunParseError ParseError(byte[] datagram)
    {
        bool ok = StunMessage.TryParse(datagram, out _, out StunParseError error);
        Assert.That(ok, Is.EqualTo(error == StunParseError.None));
        return error;
    }

    [Test]
    public void TruncatedHeader_EveryLengthBelow20()
    {
        byte[] full = Message(StunMessageType.BindingRequest);
        for (int n = 0; n < 20; n++)
        {
            Assert.That(ParseError(full[..n]), Is.EqualTo(StunParseError.TruncatedHeader), $"length {n}");
        }

        Assert.That(ParseError(full), Is.EqualTo(StunParseError.None));
    }

    [Test]
    public void TopBitsSet_IsNotStun()
    {
        byte[] m = Message(StunMessageType.BindingRequest);
        m[0] |= 0x40;
        Assert.That(ParseError(m), Is.EqualTo(StunParseError.NotStun));
    }

    [Test]
    public void WrongMagicCookie()
    {
        byte[] m = Message(StunMessageType.BindingRequest);
        m[7] ^= 1;
        Assert.That(ParseError(m), Is.EqualTo(StunParseError.BadMagicCookie));
        Assert.That(StunMessage.IsStun(m), Is.False);
    }

    [Test]
    public void LengthNotMultipleOfFour()
    {
        byte[] m = Message(StunMessageType.BindingRequest, Raw(0x8022, 2, 0x61, 0x62, 0, 0));
        m[3] = 6;
        Assert.That(ParseError(m), Is.EqualTo(StunParseError.LengthNotMultipleOfFour));
    }

    [Test]
    public void HeaderLengthPastEndOfDatagram()
    {
        byte[] m = Message(StunMessageType.BindingRequest, Raw(StunAttributeType.Priority, 4, 0, 0, 0, 1));
        Assert.That(ParseError(m[..^4]), Is.EqualTo(StunParseError.LengthPastEnd));
    }

    [Test]
    public void TrailingBytesAfterMessage()
    {
        byte[] m = Message(StunMessageType.BindingRequest);
        Assert.That(ParseError([.. m, 0, 0, 0, 0]), Is.EqualTo(StunParseError.TrailingBytes));
    }

    [Test]
    public void AttributeLengthPastEnd()
    {
        // The attribute claims 100 bytes, the message holds 4.
        byte[] m = Message(StunMessageType.BindingRequest, Raw(0x8022, 100, 1, 2, 3, 4));
        Assert.That(ParseError(m), Is.EqualTo(StunParseError.AttributePastEnd));
    }

    [Test]
    public void OddLengthWhosePaddingRunsPastEnd()
    {
        // 8 body bytes: a 4-byte attribute header and 4 value bytes. Length 4 fits exactly; length 5 needs
        // 3 bytes of padding (8 value bytes) that are not there.
        byte[] fits = Message(StunMessageType.BindingRequest, Raw(0x8022, 4, 1, 2, 3, 4));
        Assert.That(ParseError(fits), Is.EqualTo(StunParseError.None));

        byte[] odd = Message(StunMessageType.BindingRequest, Raw(0x8022, 5, 1, 2, 3, 4));
        Assert.That(ParseError(odd), Is.EqualTo(StunParseError.AttributePastEnd));
    }

    [Test]
    public void OddLength_WithNonZeroPadding_IsAccepted()
    {
        byte[] m = Message(StunMessageType.BindingRequest, Raw(StunAttributeType.Username, 5, (byte)'a', (byte)'b', (byte)':', (byte)'c', (byte)'d', 0xff, 0xee, 0xdd),
            Raw(StunAttributeType.Priority, 4, 0, 0, 1, 0));
        Assert.That(StunMessage.TryParse(m, out StunMessage msg, out _), Is.True);
        Assert.That(msg.Username.ToArray(), Is.EqualTo("ab:cd"u8.ToArray()));
        Assert.That(msg.TryGetPriority(out uint p) && p == 256, Is.True);
    }

    [TestCase(StunAttributeType.Priority, 3)]
    [TestCase(StunAttributeType.Priority, 8)]
    [TestCase(StunAttributeType.UseCandidate, 4)]
    [TestCase(StunAttributeType.IceControlling, 4)]
    [TestCase(StunAttributeType.IceControlled, 12)]
    [TestCase(StunAttributeType.MessageIntegrity, 16)]
    [TestCase(StunAttributeType.Fingerprint, 8)]
    [TestCase(StunAttributeType.XorMappedAddress, 12)]
    [TestCase(StunAttributeType.ErrorCode, 2)]
    [TestCase(StunAttributeType.UnknownAttributes, 3)]
    [TestCase(StunAttributeType.Username, 600)]
    public void KnownAttributeWithWrongLength(int type, int length)
    {
        byte[] m = Message(StunMessageType.BindingRequest, Raw((ushort)type, length, new byte[(length + 3) & ~3]));
        Assert.That(ParseError(m), Is.EqualTo(StunParseError.BadAttributeLength));
    }

    [Test]
    public void AttributeAfterFingerprint_IsRejected()
    {
        byte[] m = Message(StunMessageType.BindingRequest, Raw(StunAttributeType.Fingerprint, 4, 0, 0, 0, 0), Raw(StunAttributeType.Priority, 4, 0, 0, 0, 1));
        Assert.That(ParseError(m), Is.EqualTo(StunParseError.FingerprintNotLast));
    }

    [Test]
    public void AttributesAfterIntegrity_AreIgnored_EvenIfMalformed()
    {
        byte[] m = Message(StunMessageType.BindingRequest,
            Raw(StunAttributeType.MessageIntegrity, 20, new byte[20]),
            Raw(StunAttributeType.Priority, 3, 9, 9, 9, 0), // wrong length, but ignored after MESSAGE-INTEGRITY
            Raw(StunAttributeType.UseCandidate, 0),
            Raw(0x7777, 0),
            Raw(StunAttributeType.Fingerprint, 4, 0, 0, 0, 0));
        Assert.That(StunMessage.TryParse(m, out StunMessage msg, out _), Is.True);
        Assert.That(msg.HasMessageIntegrity, Is.True);
        Assert.That(msg.HasFingerprint, Is.True);
        Assert.That(msg.TryGetPriority(out _), Is.False);
        Assert.That(msg.HasUseCandidate, Is.False);
        Assert.That(msg.HasUnknownComprehensionRequired, Is.False);
    }

    [Test]
    public void UnknownAttributes_OptionalSkipped_RequiredFlagged()
    {
        byte[] optional = Message(StunMessageType.BindingRequest, Raw(0xC057, 4, 0, 1, 0, 2), Raw(StunAttributeType.Priority, 4, 0, 0, 0, 7));
        Assert.That(StunMessage.TryParse(optional, out StunMessage m1, out _), Is.True);
        Assert.That(m1.HasUnknownComprehensionRequired, Is.False);
        Assert.That(m1.TryGetPriority(out uint p) && p == 7, Is.True);

        byte[] required = Message(StunMessageType.BindingRequest, Raw(0x7777, 2, 1, 2, 0, 0));
        Assert.That(StunMessage.TryParse(required, out StunMessage m2, out _), Is.True);
        Assert.That(m2.HasUnknownComprehensionRequired, Is.True);
    }

    [Test]
    public void DuplicateAttribute_FirstWins()
    {
        byte[] m = Message(StunMessageType.BindingRequest, Raw(StunAttributeType.Priority, 4, 0, 0, 0, 1), Raw(StunAttributeType.Priority, 4, 0, 0, 0, 2));
        Assert.That(StunMessage.TryParse(m, out StunMessage msg, out _), Is.True);
        Assert.That(msg.TryGetPriority(out uint p), Is.True);
        Assert.That(p, Is.EqualTo(1u));
    }

    [Test]
    public void AbsentAttributes_ReportAbsent()
    {
        Assert.That(StunMessage.TryParse(Message(StunMessageType.BindingRequest), out StunMessage m, out _), Is.True);
        Assert.That(m.HasUsername || m.HasMessageIntegrity || m.HasFingerprint || m.HasUseCandidate, Is.False);
        Assert.That(m.Username.IsEmpty, Is.True);
        Assert.That(m.TryGetXorMappedAddress(out _), Is.False);
        Assert.That(m.TryGetErrorCode(out _, out _), Is.False);
        Assert.That(m.VerifyFingerprint(), Is.False);
        Assert.That(m.VerifyMessageIntegrity("key"u8), Is.False);
    }

    [Test]
    public void XorMappedAddress_UnknownFamilyOrMismatchedLength_IsNotAnAddress()
    {
        byte[] badFamily = Message(StunMessageType.BindingSuccessResponse, Raw(StunAttributeType.XorMappedAddress, 8, 0, 3, 0, 0, 0, 0, 0, 0));
        Assert.That(StunMessage.TryParse(badFamily, out StunMessage m1, out _), Is.True);
        Assert.That(m1.TryGetXorMappedAddress(out _), Is.False);

        byte[] v6FamilyShort = Message(StunMessageType.BindingSuccessResponse, Raw(StunAttributeType.XorMappedAddress, 8, 0, 2, 0, 0, 0, 0, 0, 0));
        Assert.That(StunMessage.TryParse(v6FamilyShort, out StunMessage m2, out _), Is.True);
        Assert.That(m2.TryGetXorMappedAddress(out _), Is.False);
    }

    [Test]
    public void ErrorCode_OutOfRangeClass_IsRejectedByAccessor()
    {
        byte[] m = Message(StunMessageType.BindingErrorResponse, Raw(StunAttributeType.ErrorCode, 4, 0, 0, 7, 0));
        Assert.That(StunMessage.TryParse(m, out StunMessage msg, out _), Is.True);
        Assert.That(msg.TryGetErrorCode(out _, out _), Is.False);
    }

    [TestCase(0x00, true)]
    [TestCase(0x01, true)]
    [TestCase(0x03, true)]
    [TestCase(0x04, false)]
    [TestCase(0x16, false)] // DTLS handshake (22)
    [TestCase(0x80, false)] // RTP
    public void IsStun_FollowsRfc7983FirstByte(int firstByte, bool expected)
    {
        byte[] m = Message(StunMessageType.BindingRequest);
        m[0] = (byte)firstByte;
        Assert.That(StunMessage.IsStun(m), Is.EqualTo(expected));
        Assert.That(StunMessage.IsStun(m[..19]), Is.False);
    }

    [TestCase((ushort)0x001, StunClass.Request, (ushort)0x0001)]
    [TestCase((ushort)0x001, StunClass.Indication, (ushort)0x0011)]
    [TestCase((ushort)0x001, StunClass.SuccessResponse, (ushort)0x0101)]
    [TestCase((ushort)0x001, StunClass.ErrorResponse, (ushort)0x0111)]
    [TestCase((ushort)0x003, StunClass.Request, (ushort)0x0003)] // TURN Allocate
    [TestCase((ushort)0xFFF, StunClass.ErrorResponse, (ushort)0x3FFF)]
    public void MessageType_ComposeAndSplit(ushort method, StunClass cls, ushort type)
    {
        Assert.That(StunMessageType.Compose(method, cls), Is.EqualTo(type));
        Assert.That(StunMessageType.GetMethod(type), Is.EqualTo(method));
        Assert.That(StunMessageType.GetClass(type), Is.EqualTo(cls));
    }

    [Test]
    public void RandomMutations_NeverThrow_AndAccessorsStayInBounds()
    {
        byte[] valid = StunTestMessages.ChromeLikeRequest("local:remote", "password-password-pass"u8.ToArray(), useCandidate: true);
        var random = new Random(5769);
        int parsed = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] m = (byte[])valid.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                m[random.Next(m.Length)] = (byte)random.Next(256);
            }

            int cut = random.Next(3) == 0 ? random.Next(m.Length + 1) : m.Length;
            byte[] datagram = m[..cut];
            if (StunMessage.TryParse(datagram, out StunMessage msg, out _))
            {
                parsed++;
                _ = msg.Username.Length + msg.TransactionId.Length;
                msg.TryGetPriority(out _);
                msg.TryGetIceControlling(out _);
                msg.TryGetXorMappedAddress(out _);
                msg.TryGetErrorCode(out _, out _);
                msg.VerifyFingerprint();
                foreach (StunAttribute a in msg.GetAttributes())
                {
                    _ = a.Value.Length;
                }
            }
        }

        // Some mutations only touch values, so a good share must still parse; the rest were refused cleanly.
        Assert.That(parsed, Is.GreaterThan(1000).And.LessThan(20000));
    }
}
