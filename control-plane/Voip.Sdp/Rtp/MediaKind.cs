namespace Voip.Sdp;

public enum MediaKind
{
    Audio,
    Video,
}
