namespace Voip.Sdp;

public static class MediaKindNames
{
    public static string ToSdp(this MediaKind kind) => kind == MediaKind.Audio ? "audio" : "video";

    public static MediaKind? FromSdp(string kind) => kind switch
    {
        "audio" => MediaKind.Audio,
        "video" => MediaKind.Video,
        _ => null,
    };
}
