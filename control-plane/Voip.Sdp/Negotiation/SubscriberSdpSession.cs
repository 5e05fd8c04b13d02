namespace Voip.Sdp;

/// <summary>
/// The SDP state of one subscriber transport across renegotiations. Mids of live consumers never change
/// and sections never move (JSEP, RFC 8829 §5.2.2). A removed consumer's section is closed (port 0, out of
/// BUNDLE) — except the BUNDLE tag, which goes inactive — and a closed position of the same kind is
/// recycled for a later consumer under a new mid. Not thread-safe: one signaling flow owns it.
/// </summary>
public sealed class SubscriberSdpSession
{
    private readonly List<SubscriberSlot> _slots = [];
    private readonly HashSet<string> _usedMids = new(StringComparer.Ordinal);
    private readonly ulong _sessionId;
    private ulong _version;
    private int _nextMid;
    private SessionDescription? _pendingOffer;

    public SubscriberSdpSession(TransportParameters transport, ulong? sessionId = null)
    {
        Transport = transport ?? throw new ArgumentNullException(nameof(transport));
        _sessionId = sessionId ?? SdpAnswerBuilder.NewSessionId();
    }

    public TransportParameters Transport { get; }

    public IReadOnlyList<SubscriberSlot> Slots => _slots;

    /// <summary>The last offer <see cref="ApplyAnswer"/> has not answered yet, or null.</summary>
    public SessionDescription? PendingOffer => _pendingOffer;

    /// <summary>
    /// Adds a consumer and returns its mid: <see cref="RtpParameters.Mid"/> if the caller (the engine)
    /// chose one, else a fresh one. It takes a closed position of the same kind if there is one.
    /// </summary>
    public string AddConsumer(ConsumerParameters consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var mid = consumer.RtpParameters.Mid ?? NextMid();
        var kind = consumer.Kind.ToSdp();
        if (!_usedMids.Add(mid))
        {
            throw new ArgumentException($"mid '{mid}' is already used in this session", nameof(consumer));
        }
        var slot = new SubscriberSlot(mid, kind, consumer);
        var reuse = _slots.FindIndex(s => s.State == SubscriberSlotState.Closed && s.Kind == kind);
        if (reuse >= 0)
        {
            _slots[reuse] = slot;
        }
        else if (_slots.Count == SdpLimits.MaxMediaSections)
        {
            throw new InvalidOperationException($"the subscriber already has {SdpLimits.MaxMediaSections} m-sections in use");
        }
        else
        {
            _slots.Add(slot);
        }
        return mid;
    }

    /// <summary>Adds the data channel section (needs <see cref="TransportParameters.Sctp"/>); returns its mid.</summary>
    public string AddDataChannel()
    {
        if (Transport.Sctp is null)
        {
            throw new InvalidOperationException("the transport has no SCTP parameters");
        }
        var existing = _slots.Find(s => s.Kind == SubscriberSlot.ApplicationKind && s.State == SubscriberSlotState.Active);
        if (existing is not null)
        {
            return existing.Mid;
        }
        var mid = NextMid();
        _usedMids.Add(mid);
        _slots.Add(new SubscriberSlot(mid, SubscriberSlot.ApplicationKind, null));
        return mid;
    }

    /// <summary>Closes the consumer (or data channel) of <paramref name="mid"/>; false if it is not live.</summary>
    public bool RemoveConsumer(string mid)
    {
        var index = _slots.FindIndex(s => s.Mid == mid && s.State == SubscriberSlotState.Active);
        if (index < 0)
        {
            return false;
        }
        var isBundleTag = _slots.FindIndex(s => s.State != SubscriberSlotState.Closed) == index;
        _slots[index] = _slots[index] with { State = isBundleTag ? SubscriberSlotState.Inactive : SubscriberSlotState.Closed };
        return true;
    }

    /// <summary>Builds the next offer (the o= version goes up by one each time, RFC 8866 §5.2).</summary>
    public SessionDescription CreateOffer()
    {
        if (_slots.Count == 0)
        {
            throw new InvalidOperationException("nothing to offer: add a consumer or the data channel first");
        }
        _pendingOffer = SdpOfferBuilder.BuildSubscriberOffer(Transport, _slots, _sessionId, ++_version);
        return _pendingOffer;
    }

    /// <summary>Applies the subscriber's answer to the pending offer.</summary>
    public SubscriberAnswer ApplyAnswer(SessionDescription answer)
    {
        var offer = _pendingOffer ?? throw new InvalidOperationException("no offer is pending");
        var result = SdpOfferBuilder.ReadSubscriberAnswer(offer, answer);
        _pendingOffer = null;
        return result;
    }

    private string NextMid()
    {
        string mid;
        do
        {
            mid = (_nextMid++).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        while (_usedMids.Contains(mid));
        return mid;
    }
}
