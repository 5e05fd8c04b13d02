namespace Voip.ControlPlane.Calls;

/// <summary>Quality summary of a call (seed §4.3.1 quality{}); averages are null until the media engine reports.</summary>
public sealed record CallQuality(double? AvgAudioQuality, double? AvgVideoQuality, int ConnectionIssues)
{
    public static readonly CallQuality Unknown = new(null, null, 0);
}
