namespace Voip.Media.Routing;

/// <summary>
/// Chooses which simulcast spatial layer a consumer should receive (index 0 = lowest). The rule:
/// the highest active layer not above <c>preferredSpatial</c> whose bitrate fits the subscriber's available
/// bandwidth estimate; when none fits, the lowest active layer (some video beats none, and the congestion
/// controller's estimate is often low right after start). An estimate of 0 means unknown: bandwidth is
/// ignored. A layer whose bitrate is not measured yet (0) always fits.
/// <para>Hysteresis: a layer above <c>currentSpatial</c> (an upgrade) must fit in 90% of the estimate,
/// while keeping or returning to a lower layer needs only 100%. Without the gap a bitrate hovering near the
/// estimate would flip the consumer between layers, and each switch costs a key frame.</para>
/// <para>While the subscriber has not signalled congestion lately (see <see cref="SubscriberBandwidth"/>) the
/// caller passes a <c>heldLayer</c> (what it receives or is switching to) and, at most once a second per
/// transport, <c>mayStepUp</c>: layers up to the held one, and the next active layer above the current one,
/// then fit whatever the estimate says. A receive-side estimate trails what it is sent, so this is how a
/// consumer climbs.</para>
/// The caller switches only when a key frame of the chosen layer arrives.
/// </summary>
public static class SimulcastLayerSelector
{
    /// <summary>Upgrades need bitrate ≤ available × 9 / 10.</summary>
    public const int UpgradeHeadroomPercent = 90;

    /// <summary>Returns the spatial layer to receive, or −1 when no layer is active.</summary>
    public static int Select(ReadOnlySpan<SimulcastLayerState> layers, int preferredSpatial, long availableBitrateBps, int currentSpatial, int heldLayer = -1, bool mayStepUp = false)
    {
        int lowestActive = -1;
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i].Active)
            {
                lowestActive = i;
                break;
            }
        }

        if (lowestActive < 0)
        {
            return -1;
        }

        int allowed = mayStepUp ? Math.Max(heldLayer, NextActiveAbove(layers, currentSpatial)) : heldLayer;
        int top = Math.Min(preferredSpatial, layers.Length - 1);
        for (int i = top; i >= lowestActive; i--)
        {
            SimulcastLayerState layer = layers[i];
            if (!layer.Active)
            {
                continue;
            }

            if (availableBitrateBps <= 0 || layer.BitrateBps <= 0 || i <= allowed)
            {
                return i;
            }

            long budget = i > currentSpatial ? availableBitrateBps * UpgradeHeadroomPercent / 100 : availableBitrateBps;
            if (layer.BitrateBps <= budget)
            {
                return i;
            }
        }

        return lowestActive;
    }

    private static int NextActiveAbove(ReadOnlySpan<SimulcastLayerState> layers, int current)
    {
        for (int i = Math.Max(current + 1, 0); i < layers.Length; i++)
        {
            if (layers[i].Active)
            {
                return i;
            }
        }

        return current;
    }
}
