using Voip.Media.Rtcp;

namespace Voip.Media.Routing;

public sealed partial class Consumer
{
    /// <summary>The subscriber's NACK for our SSRC (RFC 4585 §6.2.1).</summary>
    internal void OnNack(in GenericNack nack, long nowMs)
    {
        NacksReceived++;
    }
}
