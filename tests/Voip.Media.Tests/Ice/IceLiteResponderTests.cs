using System.Net;
using System.Text;
using Voip.Media.Ice;
using Voip.Media.Net;
using Voip.Media.Stun;
using Voip.Media.Tests.Stun;

namespace Voip.Media.Tests.Ice;

public class IceLiteResponderTests
{
    private const string LocalUfrag = "SfuUfrag12345678";
    private const string LocalPassword = "SfuPassword0123456789abcdefABCDEF";
    private const string RemoteUfrag = "chR0";
    private static readonly byte[] Key = Encoding.ASCII.GetBytes(LocalPassword);
    private static readonly string Username = $"{LocalUfrag}:{RemoteUfrag}";

    private static readonly UdpEndpoint PeerA = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40000));
    private static readonly UdpEndpoint PeerB = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("198.51.100.10"), 40001));
    private static readonly UdpEndpoint PeerV6 = UdpEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("2001:db8::42"), 51000));

    private IceLiteResponder _responder = null!;
    private byte[] _response = null!;

    [SetUp]
    public void SetUp()
    {
        _responder = new IceLiteResponder(LocalUfrag, LocalPassword, TimeSpan.FromMilliseconds(1000), createdAtMs: 0);
        _response = new byte[IceLiteResponder.MaxResponseLength];
    }

    [TearDown]
    public void TearDown() => _responder.Dispose();

    private IceCheckOutcome Handle(byte[] datagram, UdpEndpoint from, long nowMs, out byte[] response)
    {
        IceCheckOutcome outcome = _responder.HandleBindingRequest(datagram, from, nowMs, _response, out int length);
        response = _response[..length];
        return outcome;
    }

    private static byte[] Check(bool useCandidate = false, string? username = null, byte[]? key = null, bool integrity = true,
        bool fingerprint = true, bool controlled = false, bool controlling = true, ushort extra = 0, ushort type = StunMessageType.BindingRequest) =>
        StunTestMessages.ChromeLikeRequest(username ?? Username, key ?? Key, useCandidate, controlling, controlled, integrity, fingerprint, extra, type);

    [Test]
    public void GoodCheck_IsAnswered_WithAuthenticatedSuccessResponse()
    {
        byte[] request = Check();
        Assert.That(Handle(request, PeerA, 10, out byte[] response), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(StunMessage.TryParse(response, out StunMessage m, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(m.MessageType, Is.EqualTo(StunMessageType.BindingSuccessResponse));
            Assert.That(m.TransactionId.ToArray(), Is.EqualTo(request.AsSpan(8, 12).ToArray()));
            Assert.That(m.TryGetXorMappedAddress(out UdpEndpoint mapped) && mapped == PeerA, Is.True);
            Assert.That(m.VerifyMessageIntegrity(Key), Is.True);
            Assert.That(m.VerifyFingerprint(), Is.True);
            Assert.That(StunReference.IntegrityMatches(response, Key), Is.True, "independent HMACSHA1");
            Assert.That(StunReference.FingerprintMatches(response), Is.True, "independent bitwise CRC");
            Assert.That(_responder.HasSelected, Is.False, "no USE-CANDIDATE yet");
            Assert.That(_responder.LastValidCheckMs, Is.EqualTo(10));
        }
    }

    [Test]
    public void GoodCheck_FromIPv6_MapsIPv6()
    {
        Assert.That(Handle(Check(), PeerV6, 10, out byte[] response), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(StunMessage.TryParse(response, out StunMessage m, out _) && m.TryGetXorMappedAddress(out UdpEndpoint mapped) && mapped == PeerV6, Is.True);
        Assert.That(StunReference.IntegrityMatches(response, Key), Is.True);
    }

    [Test]
    public void CheckWithoutFingerprint_IsStillAnswered()
    {
        Assert.That(Handle(Check(fingerprint: false), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(r, Is.Not.Empty);
    }

    [Test]
    public void WrongLocalUfrag_Dropped()
    {
        Assert.That(Handle(Check(username: $"SfuUfrag12345679:{RemoteUfrag}"), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.BadUsername));
        Assert.That(r, Is.Empty);
        Assert.That(Handle(Check(username: $"{LocalUfrag}X:{RemoteUfrag}"), PeerA, 1, out r), Is.EqualTo(IceCheckOutcome.BadUsername));
        Assert.That(Handle(Check(username: LocalUfrag), PeerA, 1, out r), Is.EqualTo(IceCheckOutcome.BadUsername), "no colon");
        Assert.That(Handle(Check(username: LocalUfrag + ":"), PeerA, 1, out r), Is.EqualTo(IceCheckOutcome.BadUsername), "empty remote part");
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void RemoteUfrag_IsEnforced_OnceKnown()
    {
        byte[] other = Check(username: $"{LocalUfrag}:zzzz");
        Assert.That(Handle(other, PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.Answered), "remote part unknown yet");
        _responder.SetRemoteCredentials(RemoteUfrag, "remote-password-remote-password");
        Assert.That(Handle(other, PeerA, 2, out byte[] r), Is.EqualTo(IceCheckOutcome.BadUsername));
        Assert.That(r, Is.Empty);
        Assert.That(Handle(Check(), PeerA, 3, out _), Is.EqualTo(IceCheckOutcome.Answered));
    }

    [Test]
    public void WrongPassword_Dropped()
    {
        byte[] wrong = Encoding.ASCII.GetBytes(LocalPassword[..^1] + "G");
        Assert.That(Handle(Check(key: wrong, useCandidate: true), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.BadIntegrity));
        Assert.That(r, Is.Empty);
        Assert.That(_responder.HasSelected, Is.False);
        Assert.That(_responder.LastValidCheckMs, Is.EqualTo(-1));
    }

    [Test]
    public void MissingIntegrity_Dropped()
    {
        Assert.That(Handle(Check(integrity: false), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.MissingIntegrity));
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void MissingUsername_Dropped()
    {
        byte[] buffer = new byte[128];
        var w = new StunWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        w.TryAddIceControlling(1);
        w.TryAddMessageIntegrity(Key);
        w.TryAddFingerprint();
        Assert.That(Handle(buffer[..w.Length], PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.MissingUsername));
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void BadFingerprint_Dropped()
    {
        byte[] request = Check();
        request[^1] ^= 0x01;
        Assert.That(Handle(request, PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.BadFingerprint));
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void TamperedBody_WithRecomputedFingerprint_FailsIntegrity()
    {
        byte[] request = Check();
        int priority = StunReference.FindAttribute(request, StunAttributeType.Priority);
        request[priority + 7] ^= 0x01;
        var fp = StunCrc32.Fingerprint(request.AsSpan(0, request.Length - 8));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(request.Length - 4), fp);
        Assert.That(Handle(request, PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.BadIntegrity));
    }

    [Test]
    public void NonStunAndMalformed_Dropped()
    {
        Assert.That(Handle([22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.NotStun));
        Assert.That(Handle(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.NotStun));
        byte[] request = Check();
        Assert.That(Handle(request[..^4], PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.Malformed));
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void ResponsesAndOtherMethods_AreNotBindingRequests()
    {
        Assert.That(Handle(Check(type: StunMessageType.BindingSuccessResponse), PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.NotBindingRequest));
        Assert.That(Handle(Check(type: StunMessageType.Compose(0x003, StunClass.Request)), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.NotBindingRequest));
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void BindingIndication_IsNotAnswered_AndIsNotConsent()
    {
        Assert.That(Handle(Check(useCandidate: true), PeerA, 100, out _), Is.EqualTo(IceCheckOutcome.AnsweredNominated));
        Assert.That(Handle(Check(type: StunMessageType.BindingIndication), PeerA, 900, out byte[] r), Is.EqualTo(IceCheckOutcome.BindingIndication));
        Assert.That(r, Is.Empty);
        Assert.That(_responder.LastValidCheckMs, Is.EqualTo(100));
        Assert.That(_responder.IsConsentExpired(1100), Is.True);
    }

    [Test]
    public void UseCandidate_SelectsPair_ThenRepeatsAreAnswered()
    {
        Assert.That(Handle(Check(useCandidate: true), PeerA, 5, out byte[] r), Is.EqualTo(IceCheckOutcome.AnsweredNominated));
        Assert.That(StunMessage.TryParse(r, out StunMessage m, out _) && m.MessageType == StunMessageType.BindingSuccessResponse, Is.True);
        Assert.That(_responder.HasSelected, Is.True);
        Assert.That(_responder.SelectedRemote, Is.EqualTo(PeerA));
        Assert.That(Handle(Check(useCandidate: true), PeerA, 6, out _), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(Handle(Check(), PeerA, 7, out _), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(_responder.SelectedRemote, Is.EqualTo(PeerA));
    }

    [Test]
    public void NatRebinding_NominatedCheckFromNewAddress_MovesSelection()
    {
        Handle(Check(useCandidate: true), PeerA, 5, out _);

        // An un-nominated check from elsewhere is answered but moves nothing.
        Assert.That(Handle(Check(), PeerB, 6, out byte[] r), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(StunMessage.TryParse(r, out StunMessage m, out _) && m.TryGetXorMappedAddress(out UdpEndpoint mapped) && mapped == PeerB, Is.True);
        Assert.That(_responder.SelectedRemote, Is.EqualTo(PeerA));

        Assert.That(Handle(Check(useCandidate: true), PeerB, 7, out _), Is.EqualTo(IceCheckOutcome.AnsweredNominated));
        Assert.That(_responder.SelectedRemote, Is.EqualTo(PeerB));
    }

    [Test]
    public void Consent_ExpiresWithoutChecks_FromCreation()
    {
        Assert.That(_responder.IsConsentExpired(999), Is.False);
        Assert.That(_responder.IsConsentExpired(1000), Is.True);
    }

    [Test]
    public void Consent_RefreshedByValidChecksOnSelectedPairOnly()
    {
        Handle(Check(useCandidate: true), PeerA, 500, out _);
        Assert.That(_responder.IsConsentExpired(1499), Is.False);
        Assert.That(_responder.IsConsentExpired(1500), Is.True);

        Handle(Check(), PeerA, 1200, out _);
        Assert.That(_responder.IsConsentExpired(2199), Is.False);

        // Valid checks on another pair and failed checks on the selected one do not refresh consent.
        Assert.That(Handle(Check(), PeerB, 2000, out _), Is.EqualTo(IceCheckOutcome.Answered));
        Assert.That(Handle(Check(key: "nope-nope-nope-nope-nope"u8.ToArray()), PeerA, 2100, out _), Is.EqualTo(IceCheckOutcome.BadIntegrity));
        Assert.That(_responder.LastValidCheckMs, Is.EqualTo(1200));
        Assert.That(_responder.IsConsentExpired(2200), Is.True);
    }

    [Test]
    public void Consent_BeforeSelection_AnyValidCheckCounts()
    {
        Handle(Check(), PeerB, 800, out _);
        Assert.That(_responder.IsConsentExpired(1500), Is.False);
        Assert.That(_responder.IsConsentExpired(1800), Is.True);
    }

    [Test]
    public void DefaultConsentTimeout_Is30Seconds()
    {
        using var r = new IceLiteResponder(LocalUfrag, LocalPassword);
        Assert.That(r.ConsentTimeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(r.IsConsentExpired(r.CreatedAtMs + 29_999), Is.False);
        Assert.That(r.IsConsentExpired(r.CreatedAtMs + 30_000), Is.True);
    }

    [Test]
    public void IceControlled_IsRoleConflict_Answered487_NoNomination()
    {
        Assert.That(Handle(Check(controlling: false, controlled: true, useCandidate: true), PeerA, 1, out byte[] r),
            Is.EqualTo(IceCheckOutcome.AnsweredRoleConflict));
        Assert.That(StunMessage.TryParse(r, out StunMessage m, out _), Is.True);
        Assert.That(m.MessageType, Is.EqualTo(StunMessageType.BindingErrorResponse));
        Assert.That(m.TryGetErrorCode(out int code, out _) && code == StunErrorCode.RoleConflict, Is.True);
        Assert.That(m.VerifyMessageIntegrity(Key) && m.VerifyFingerprint(), Is.True);
        Assert.That(_responder.HasSelected, Is.False);
        Assert.That(_responder.LastValidCheckMs, Is.EqualTo(-1));
    }

    [Test]
    public void NoRoleAttribute_IsAnswered()
    {
        Assert.That(Handle(Check(controlling: false, useCandidate: true), PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.AnsweredNominated));
    }

    [Test]
    public void UnknownComprehensionRequired_Answered420_ListingIt()
    {
        Assert.That(Handle(Check(extra: 0x7abc), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.AnsweredUnknownAttributes));
        Assert.That(StunMessage.TryParse(r, out StunMessage m, out _), Is.True);
        Assert.That(m.TryGetErrorCode(out int code, out _) && code == StunErrorCode.UnknownAttribute, Is.True);
        Assert.That(m.TryGetAttribute(StunAttributeType.UnknownAttributes, out ReadOnlySpan<byte> list) && list.SequenceEqual(new byte[] { 0x7a, 0xbc }), Is.True);
        Assert.That(m.VerifyMessageIntegrity(Key), Is.True);
    }

    [Test]
    public void UnknownComprehensionRequired_WithoutAuthentication_IsDropped()
    {
        Assert.That(Handle(Check(extra: 0x7abc, key: "wrong-wrong-wrong-wrong"u8.ToArray()), PeerA, 1, out byte[] r), Is.EqualTo(IceCheckOutcome.BadIntegrity));
        Assert.That(r, Is.Empty);
    }

    [Test]
    public void UnknownComprehensionOptional_IsIgnored()
    {
        Assert.That(Handle(Check(extra: 0xc0de), PeerA, 1, out _), Is.EqualTo(IceCheckOutcome.Answered));
    }

    [Test]
    public void SmallResponseBuffer_NoResponse_NoStateChange()
    {
        IceCheckOutcome outcome = _responder.HandleBindingRequest(Check(useCandidate: true), PeerA, 1, new byte[40], out int length);
        Assert.That(outcome, Is.EqualTo(IceCheckOutcome.ResponseBufferTooSmall));
        Assert.That(length, Is.Zero);
        Assert.That(_responder.HasSelected, Is.False);
    }

    [Test]
    public void UnauthenticatedInput_NeverGetsAResponse()
    {
        // Garbled variants of a real check signed with the wrong key, plus random datagrams.
        var random = new Random(8445);
        byte[] wrongKey = "attacker-does-not-know-it"u8.ToArray();
        int answered = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] d = i % 2 == 0
                ? Check(useCandidate: i % 3 == 0, key: wrongKey, extra: (ushort)random.Next(0x10000))
                : RandomDatagram(random);
            if (i % 5 == 0 && d.Length > 20)
            {
                d[random.Next(20, d.Length)] ^= (byte)random.Next(1, 256);
            }

            IceCheckOutcome outcome = _responder.HandleBindingRequest(d, PeerA, i, _response, out int length);
            Assert.That(length, Is.Zero, outcome.ToString());
            answered += outcome <= IceCheckOutcome.AnsweredUnknownAttributes ? 1 : 0;
        }

        Assert.That(answered, Is.Zero);
        Assert.That(_responder.HasSelected, Is.False);
    }

    [Test]
    public void HandleBindingRequest_DoesNotAllocate()
    {
        byte[] request = Check(useCandidate: true);
        byte[] bad = Check(key: "wrong-wrong-wrong-wrong"u8.ToArray());
        for (int i = 0; i < 100; i++)
        {
            _responder.HandleBindingRequest(request, PeerA, i, _response, out _);
            _responder.HandleBindingRequest(bad, PeerA, i, _response, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _responder.HandleBindingRequest(request, i % 2 == 0 ? PeerA : PeerV6, i, _response, out _);
            _responder.HandleBindingRequest(bad, PeerA, i, _response, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void TryReadUsernameLocalPart_FindsUfragWithoutAuthentication()
    {
        Assert.That(IceLiteResponder.TryReadUsernameLocalPart(Check(key: "whatever-whatever-whatever"u8.ToArray()), out ReadOnlySpan<byte> ufrag), Is.True);
        Assert.That(Encoding.ASCII.GetString(ufrag), Is.EqualTo(LocalUfrag));

        Assert.That(IceLiteResponder.TryReadUsernameLocalPart(Check(username: "nocolon"), out _), Is.False);
        Assert.That(IceLiteResponder.TryReadUsernameLocalPart(Check(username: ":x"), out _), Is.False);
        Assert.That(IceLiteResponder.TryReadUsernameLocalPart(Check()[..19], out _), Is.False);
        Assert.That(IceLiteResponder.TryReadUsernameLocalPart(Check()[..^4], out _), Is.False, "header length past end");
        Assert.That(IceLiteResponder.TryReadUsernameLocalPart([0x16, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], out _), Is.False);
    }

    [Test]
    public void TryReadUsernameLocalPart_RandomInput_NeverThrows()
    {
        var random = new Random(7983);
        byte[] check = Check();
        int found = 0;
        for (int i = 0; i < 5000; i++)
        {
            byte[] d = (byte[])check.Clone();
            d[random.Next(2, d.Length)] = (byte)random.Next(256);
            if (IceLiteResponder.TryReadUsernameLocalPart(d[..random.Next(d.Length + 1)], out ReadOnlySpan<byte> ufrag))
            {
                found++;
                Assert.That(ufrag.Length, Is.GreaterThan(0).And.LessThanOrEqualTo(d.Length));
            }
        }

        // Truncation past the header length or a broken cookie refuses; intact prefixes still find it.
        Assert.That(found, Is.GreaterThan(0).And.LessThan(5000));
    }

    [Test]
    public void Constructor_RejectsBadArguments()
    {
        Assert.Throws<ArgumentException>(() => new IceLiteResponder("", LocalPassword));
        Assert.Throws<ArgumentException>(() => new IceLiteResponder("a:b", LocalPassword));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IceLiteResponder(LocalUfrag, LocalPassword, TimeSpan.Zero));
    }

    private static byte[] RandomDatagram(Random random)
    {
        byte[] d = new byte[random.Next(0, 200)];
        random.NextBytes(d);
        if (d.Length >= 20 && random.Next(2) == 0)
        {
            // Make it look like STUN so it gets past the cheap filters.
            d[0] = 0;
            d[1] = 1;
            d[2] = 0;
            d[3] = (byte)((d.Length - 20) & ~3);
            d[4] = 0x21;
            d[5] = 0x12;
            d[6] = 0xa4;
            d[7] = 0x42;
        }

        return d;
    }
}
