namespace Voip.Sdp;

public enum SubscriberSlotState
{
    /// <summary>Sending a consumer (or the data channel).</summary>
    Active,

    /// <summary>
    /// Closed but still the BUNDLE tag (first m-section): it keeps its port and becomes <c>a=inactive</c>,
    /// because rejecting the tagged section would tear down the bundled transport (RFC 8843 §7.3.3).
    /// </summary>
    Inactive,

    /// <summary>Closed: port 0, out of the BUNDLE group; its position may be recycled with a new mid.</summary>
    Closed,
}
