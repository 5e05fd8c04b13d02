using Voip.Media.Net;
using Voip.Media.Stun;

namespace Voip.Media.Ice;

public sealed partial class IceLiteResponder
{
    /// <summary>
    /// Handles one datagram that the shard demultiplexed as STUN for this transport. On an <c>Answered…</c>
    /// outcome, <paramref name="response"/>[..<paramref name="responseLength"/>] must be sent back to
    /// <paramref name="from"/>; otherwise <paramref name="responseLength"/> is 0 and nothing is sent.
    /// Allocation-free, lock-free, never throws.
    /// </summary>
    public IceCheckOutcome HandleBindingRequest(
        ReadOnlySpan<byte> datagram, in UdpEndpoint from, long nowMs, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        if (!StunMessage.IsStun(datagram))
        {
            return IceCheckOutcome.NotStun;
        }

        if (!StunMessage.TryParse(datagram, out StunMessage request, out _))
        {
            return IceCheckOutcome.Malformed;
        }

        if (request.MessageType == StunMessageType.BindingIndication)
        {
            return IceCheckOutcome.BindingIndication;
        }

        if (request.MessageType != StunMessageType.BindingRequest)
        {
            return IceCheckOutcome.NotBindingRequest;
        }

        IceCheckOutcome drop = Authenticate(request);
        if (drop != IceCheckOutcome.Answered)
        {
            return drop;
        }

        // From here the sender proved it knows our password: answering is safe.
        if (request.HasUnknownComprehensionRequired)
        {
            return WriteUnknownAttributes(request, response, out responseLength);
        }

        if (request.HasIceControlled)
        {
            return WriteError(request, StunErrorCode.RoleConflict, "Role Conflict"u8, default, response, out responseLength)
                ? IceCheckOutcome.AnsweredRoleConflict
                : IceCheckOutcome.ResponseBufferTooSmall;
        }

        var writer = new StunWriter(response, StunMessageType.BindingSuccessResponse, request.TransactionId);
        if (!writer.TryAddXorMappedAddress(from) || !writer.TryAddMessageIntegrity(_key) || !writer.TryAddFingerprint())
        {
            return IceCheckOutcome.ResponseBufferTooSmall;
        }

        responseLength = writer.Length;
        return OnValidCheck(from, request.HasUseCandidate, nowMs);
    }

    /// <summary>USERNAME, then FINGERPRINT (cheap CRC) before MESSAGE-INTEGRITY (HMAC); Answered = authentic.</summary>
    private IceCheckOutcome Authenticate(StunMessage request)
    {
        if (!request.HasUsername)
        {
            return IceCheckOutcome.MissingUsername;
        }

        // RFC 8445 §7.2.2: USERNAME is "receiver ufrag:sender ufrag", so ours comes first.
        ReadOnlySpan<byte> username = request.Username;
        int local = _localUfrag.Length;
        if (username.Length <= local + 1 || username[local] != (byte)':' || !username[..local].SequenceEqual(_localUfrag))
        {
            return IceCheckOutcome.BadUsername;
        }

        if (_remoteUfrag is not null && !username[(local + 1)..].SequenceEqual(_remoteUfrag))
        {
            return IceCheckOutcome.BadUsername;
        }

        if (!request.HasMessageIntegrity)
        {
            return IceCheckOutcome.MissingIntegrity;
        }

        if (request.HasFingerprint && !request.VerifyFingerprint())
        {
            return IceCheckOutcome.BadFingerprint;
        }

        return request.VerifyMessageIntegrity(_key) ? IceCheckOutcome.Answered : IceCheckOutcome.BadIntegrity;
    }

    /// <summary>RFC 8489 §6.3.1: 420 with UNKNOWN-ATTRIBUTES listing what we did not understand.</summary>
    private IceCheckOutcome WriteUnknownAttributes(StunMessage request, Span<byte> response, out int responseLength)
    {
        Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributesListed];
        int count = 0;
        foreach (StunAttribute attribute in request.GetAttributes())
        {
            if (attribute.Type == StunAttributeType.MessageIntegrity)
            {
                break; // later attributes are ignored (RFC 8489 §14.5)
            }

            if (!StunAttributeType.IsUnderstood(attribute.Type) && !unknown[..count].Contains(attribute.Type)
                && count < unknown.Length)
            {
                unknown[count++] = attribute.Type;
            }
        }

        return WriteError(request, StunErrorCode.UnknownAttribute, "Unknown Attribute"u8, unknown[..count], response, out responseLength)
            ? IceCheckOutcome.AnsweredUnknownAttributes
            : IceCheckOutcome.ResponseBufferTooSmall;
    }

    private bool WriteError(
        StunMessage request, int code, ReadOnlySpan<byte> reason, ReadOnlySpan<ushort> unknown, Span<byte> response, out int responseLength)
    {
        responseLength = 0;
        var writer = new StunWriter(response, StunMessageType.BindingErrorResponse, request.TransactionId);
        if (!writer.TryAddErrorCode(code, reason)
            || (!unknown.IsEmpty && !writer.TryAddUnknownAttributes(unknown))
            || !writer.TryAddMessageIntegrity(_key)
            || !writer.TryAddFingerprint())
        {
            return false;
        }

        responseLength = writer.Length;
        return true;
    }
}
