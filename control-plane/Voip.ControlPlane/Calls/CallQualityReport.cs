namespace Voip.ControlPlane.Calls;

/// <summary>
/// The quality measured for a call through the media engine, written with its end status (one write per call end):
/// the call's seed §4.3.1 <c>quality{}</c> and each participant's own quality, join and leave times.
/// </summary>
public sealed record CallQualityReport(CallQuality Quality, IReadOnlyList<CallParticipant> Participants)
{
    /// <summary>The call's quality from its participants': mean of their per-kind means, connection issues summed.</summary>
    public static CallQualityReport From(IReadOnlyList<CallParticipant> participants)
    {
        var audio = participants.Select(p => p.Quality.AvgAudioQuality).OfType<double>().ToList();
        var video = participants.Select(p => p.Quality.AvgVideoQuality).OfType<double>().ToList();
        var quality = new CallQuality(
            audio.Count == 0 ? null : Math.Round(audio.Average(), 2),
            video.Count == 0 ? null : Math.Round(video.Average(), 2),
            participants.Sum(p => p.Quality.ConnectionIssues));
        return new CallQualityReport(quality, participants);
    }
}
