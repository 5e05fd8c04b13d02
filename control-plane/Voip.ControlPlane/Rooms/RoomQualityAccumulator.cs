namespace Voip.ControlPlane.Rooms;

/// <summary>One participant's quality over a session: mean MOS per kind, and connection issues (bad samples, failed transports).</summary>
public sealed class RoomQualityAccumulator
{
    private double audioSum;
    private int audioCount;
    private double videoSum;
    private int videoCount;
    private bool wasBad;

    public int ConnectionIssues { get; private set; }

    public double? AvgAudio => audioCount == 0 ? null : Math.Round(audioSum / audioCount, 2);

    public double? AvgVideo => videoCount == 0 ? null : Math.Round(videoSum / videoCount, 2);

    /// <summary>Adds one sampling round's scores (null when there was nothing of that kind to measure).</summary>
    public void Add(double? audio, double? video)
    {
        if (audio is { } a)
        {
            audioSum += a;
            audioCount++;
        }

        if (video is { } v)
        {
            videoSum += v;
            videoCount++;
        }

        // An issue is a drop into bad quality, not every bad sample: a 30 s outage is one issue, not six.
        var bad = (audio ?? 5) < RoomQuality.IssueThreshold || (video ?? 5) < RoomQuality.IssueThreshold;
        if (bad && !wasBad)
        {
            ConnectionIssues++;
        }

        wasBad = bad;
    }

    /// <summary>A transport failed (consent lost, DTLS failure): always an issue.</summary>
    public void AddFailure() => ConnectionIssues++;
}
