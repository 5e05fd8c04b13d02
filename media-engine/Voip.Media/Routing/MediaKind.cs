namespace Voip.Media.Routing;

public enum MediaKind : byte
{
    Audio = 1,
    Video = 2,
}
