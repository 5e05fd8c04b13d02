namespace Voip.ControlPlane.Calls;

public static class CallTypes
{
    public const string Audio = "audio";
    public const string Video = "video";

    public static bool IsValid(string? value) => value is Audio or Video;
}
