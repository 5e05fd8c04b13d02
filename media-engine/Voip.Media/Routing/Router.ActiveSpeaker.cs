namespace Voip.Media.Routing;

public sealed partial class Router
{
    // Wired to ActiveSpeakerDetector (RFC 6464 levels → dominant speaker events).
    private int AddSpeaker(Producer producer) => -1;

    private void RemoveSpeaker(Producer producer)
    {
    }

    internal void OnAudioLevel(Producer producer, byte level, bool voice, long nowMs)
    {
    }

    private void UpdateActiveSpeaker(long nowMs)
    {
    }
}
