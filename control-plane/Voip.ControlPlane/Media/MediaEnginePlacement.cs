namespace Voip.ControlPlane.Media;

/// <summary>Where a new room goes: the healthy engine with the lowest <see cref="MediaEngineLoad.Score"/>.</summary>
public static class MediaEnginePlacement
{
    /// <summary>The least-loaded healthy engine that takes new rooms, or null when none is reachable. Ties go to the first listed.</summary>
    public static MediaEngineNode? Choose(IEnumerable<MediaEngineNode> engines)
    {
        MediaEngineNode? best = null;
        var bestScore = double.MaxValue;
        foreach (var engine in engines)
        {
            if (!engine.Healthy || !engine.Accepting)
            {
                continue;
            }

            var score = engine.Load.Score(engine.PendingRooms);
            if (score < bestScore)
            {
                best = engine;
                bestScore = score;
            }
        }

        return best;
    }
}
