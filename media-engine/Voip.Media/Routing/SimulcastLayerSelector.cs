namespace Voip.Media.Routing;

/// <summary>Which simulcast layer a consumer should receive.</summary>
public static class SimulcastLayerSelector
{
    /// <summary>
    /// The highest active layer at or below the preferred one whose bitrate fits the subscriber's
    /// estimate (0 = unknown: bandwidth ignored); the lowest active layer when none fits; −1 when no
    /// layer is active. Going up needs 10% headroom, staying does not, so the choice does not flap.
    /// </summary>
    public static int Select(ReadOnlySpan<SimulcastLayerState> layers, int preferredSpatial, long availableBitrateBps, int currentSpatial)
    {
        int lowestActive = -1;
        int best = -1;
        for (int i = 0; i < layers.Length && i <= preferredSpatial; i++)
        {
            if (!layers[i].Active)
            {
                continue;
            }

            if (lowestActive < 0)
            {
                lowestActive = i;
            }

            long needed = i > currentSpatial ? layers[i].BitrateBps * 10 / 9 : layers[i].BitrateBps;
            if (availableBitrateBps <= 0 || needed <= availableBitrateBps)
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            return best;
        }

        if (lowestActive >= 0)
        {
            return lowestActive;
        }

        // Nothing at or below the preference is live (e.g. the encoder dropped the low layers): take the lowest live one.
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i].Active)
            {
                return i;
            }
        }

        return -1;
    }
}
