namespace Voip.Sdp;

/// <summary>
/// One m-section of a subscriber offer. <see cref="Consumer"/> is the consumer sent (for a closed slot,
/// the last one, whose codecs still fill the m= line); null for the data channel section.
/// </summary>
public sealed record SubscriberSlot(string Mid, string Kind, ConsumerParameters? Consumer, SubscriberSlotState State = SubscriberSlotState.Active)
{
    public const string ApplicationKind = "application";
}
