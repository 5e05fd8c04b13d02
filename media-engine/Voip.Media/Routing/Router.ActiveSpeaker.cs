namespace Voip.Media.Routing;

/// <summary>The room's dominant speaker from its audio producers' RFC 6464 levels, as events.</summary>
public sealed partial class Router
{
    private readonly ActiveSpeakerDetector _speakers = new();
    private Producer?[] _speakerProducers = new Producer?[8];

    private int AddSpeaker(Producer producer)
    {
        int slot = _speakers.AddSpeaker();
        if (slot >= _speakerProducers.Length)
        {
            Array.Resize(ref _speakerProducers, Math.Max(slot + 1, _speakerProducers.Length * 2));
        }

        _speakerProducers[slot] = producer;
        return slot;
    }

    private void RemoveSpeaker(Producer producer)
    {
        _speakers.RemoveSpeaker(producer.SpeakerSlot);
        _speakerProducers[producer.SpeakerSlot] = null;
    }

    /// <summary>Per audio packet with a level: a paused producer is not speaking, whatever it sends.</summary>
    internal void OnAudioLevel(Producer producer, byte level, bool voice, long nowMs)
    {
        if (!producer.Paused)
        {
            _speakers.OnAudioLevel(producer.SpeakerSlot, level, voice, nowMs);
        }
    }

    private void UpdateActiveSpeaker(long nowMs)
    {
        if (_speakers.TryUpdate(nowMs, out int slot, out int levelDbov))
        {
            string? producerId = slot >= 0 && slot < _speakerProducers.Length ? _speakerProducers[slot]?.Id : null;
            Engine.Events.PublishActiveSpeaker(Id, producerId, levelDbov);
        }
    }
}
