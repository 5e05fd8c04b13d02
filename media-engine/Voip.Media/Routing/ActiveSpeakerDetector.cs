namespace Voip.Media.Routing;

/// <summary>
/// Picks a room's dominant speaker from the RFC 6464 audio levels its producers send (client-to-mixer
/// audio level header extension: level 0..127 in −dBov, 127 = silence, and the V bit for voice activity).
/// <para>Scoring: each slot keeps five 300 ms buckets (a 1.5 s window). A packet counts as speech when the
/// sender flags voice and it is louder than −70 dBov, or — for senders that never set V — when it is louder
/// than −40 dBov. The score is the sum of the speech packets' loudness (127 − level) over all packets in the
/// window, i.e. loudness weighted by how much of the window was speech: a steady talker at −30 dBov scores
/// about 80, pauses between words pull it down, silence and DTX comfort noise score 0.</para>
/// <para>Decision, every 300 ms in <see cref="TryUpdate"/>: slots scoring under 20 are not speaking. The
/// best-scoring speaking slot challenges the current dominant speaker. While the dominant is still speaking,
/// the challenger must beat its score by a quarter (at least 10 points: about 10 dB louder, or talking 12%
/// more of the window) and stay the challenger for 1.5 s (a whole window), so two similar talkers talking
/// over each other do not flap. Once the dominant has stopped speaking (score under 20), the best speaker
/// takes over after 600 ms; if nobody qualifies for 1.2 s the room goes silent (−1). After silence the first
/// qualifying speaker wins at once; a removed dominant is replaced at the next evaluation. Events fire only
/// on a change.</para>
/// Single-threaded; <see cref="OnAudioLevel"/> and <see cref="TryUpdate"/> allocate nothing (adding a
/// speaker beyond the initial capacity grows the arrays, on the control path).
/// </summary>
public sealed class ActiveSpeakerDetector
{
    public const int IntervalMs = 300;
    public const int BucketCount = 5;
    public const int MinScore = 20;
    public const int SwitchMargin = 10;
    public const int ChallengeHoldMs = 600;
    public const int OvertakeHoldMs = 1500;
    public const int SilenceHoldMs = 1200;

    private const int VoiceLevelLimit = 70;
    private const int LoudLevelLimit = 40;
    private const int NoChallenger = -2;

    private bool[] _active;
    private int[] _speechLoudness;
    private int[] _speechLevel;
    private int[] _speechPackets;
    private int[] _packets;
    private int _slots;
    private int _bucket;
    private bool _evaluated;
    private long _lastEvalMs;
    private int _dominant = -1;
    private bool _dominantRemoved;
    private int _challenger = NoChallenger;
    private long _challengeSinceMs;

    public ActiveSpeakerDetector(int initialCapacity = 8)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(initialCapacity);
        _active = new bool[initialCapacity];
        _speechLoudness = new int[initialCapacity * BucketCount];
        _speechLevel = new int[initialCapacity * BucketCount];
        _speechPackets = new int[initialCapacity * BucketCount];
        _packets = new int[initialCapacity * BucketCount];
    }

    /// <summary>The current dominant speaker's slot, −1 for none.</summary>
    public int DominantSlot => _dominant;

    /// <summary>Registers an audio producer and returns its slot (a freed slot is reused).</summary>
    public int AddSpeaker()
    {
        for (int i = 0; i < _slots; i++)
        {
            if (!_active[i])
            {
                Activate(i);
                return i;
            }
        }

        if (_slots == _active.Length)
        {
            int capacity = _active.Length * 2;
            Array.Resize(ref _active, capacity);
            Array.Resize(ref _speechLoudness, capacity * BucketCount);
            Array.Resize(ref _speechLevel, capacity * BucketCount);
            Array.Resize(ref _speechPackets, capacity * BucketCount);
            Array.Resize(ref _packets, capacity * BucketCount);
        }

        Activate(_slots);
        return _slots++;
    }

    public void RemoveSpeaker(int slot)
    {
        if ((uint)slot >= (uint)_slots || !_active[slot])
        {
            return;
        }

        _active[slot] = false;
        if (slot == _dominant)
        {
            _dominant = -1;
            _dominantRemoved = true;
        }

        if (slot == _challenger)
        {
            _challenger = NoChallenger;
        }
    }

    /// <summary>Records one audio packet's level (RFC 6464 §3: 0 = 0 dBov, loudest; 127 = silence).</summary>
    public void OnAudioLevel(int slot, byte level, bool voiceActivity, long nowMs)
    {
        if ((uint)slot >= (uint)_slots || !_active[slot])
        {
            return;
        }

        int i = (slot * BucketCount) + _bucket;
        _packets[i]++;
        int l = Math.Min((int)level, 127);
        if ((voiceActivity && l <= VoiceLevelLimit) || l <= LoudLevelLimit)
        {
            _speechLoudness[i] += 127 - l;
            _speechLevel[i] += l;
            _speechPackets[i]++;
        }
    }

    /// <summary>
    /// Evaluates the window if 300 ms have passed since the last evaluation; true when the dominant speaker
    /// changed (<paramref name="dominantSlot"/> −1: silence). <paramref name="levelDbov"/> is the new
    /// dominant's average speech level in dBov (−127 for silence).
    /// </summary>
    public bool TryUpdate(long nowMs, out int dominantSlot, out int levelDbov)
    {
        dominantSlot = _dominant;
        levelDbov = -127;
        if (_evaluated && nowMs - _lastEvalMs < IntervalMs)
        {
            return false;
        }

        int best = -1;
        int bestScore = 0;
        int dominantScore = 0;
        for (int s = 0; s < _slots; s++)
        {
            if (!_active[s])
            {
                continue;
            }

            int score = Score(s);
            if (s == _dominant)
            {
                dominantScore = score;
            }

            if (score >= MinScore && score > bestScore)
            {
                best = s;
                bestScore = score;
            }
        }

        Rotate(nowMs);

        int proposal = best;
        if (_dominant >= 0 && dominantScore >= MinScore && bestScore < dominantScore + Math.Max(SwitchMargin, dominantScore / 4))
        {
            proposal = _dominant;
        }

        if (proposal == _dominant && !_dominantRemoved)
        {
            _challenger = NoChallenger;
            return false;
        }

        if (_dominant >= 0)
        {
            if (_challenger != proposal)
            {
                _challenger = proposal;
                _challengeSinceMs = nowMs;
            }

            int hold = proposal < 0 ? SilenceHoldMs : dominantScore >= MinScore ? OvertakeHoldMs : ChallengeHoldMs;
            if (nowMs - _challengeSinceMs < hold)
            {
                return false;
            }
        }

        // After silence, or the dominant left: switch at once.
        _dominant = proposal;
        _dominantRemoved = false;
        _challenger = NoChallenger;
        dominantSlot = proposal;
        levelDbov = proposal < 0 ? -127 : -AverageLevel(proposal);
        return true;
    }

    private void Activate(int slot)
    {
        _active[slot] = true;
        int start = slot * BucketCount;
        _speechLoudness.AsSpan(start, BucketCount).Clear();
        _speechLevel.AsSpan(start, BucketCount).Clear();
        _speechPackets.AsSpan(start, BucketCount).Clear();
        _packets.AsSpan(start, BucketCount).Clear();
    }

    private int Score(int slot)
    {
        int start = slot * BucketCount;
        int loudness = 0;
        int packets = 0;
        for (int b = 0; b < BucketCount; b++)
        {
            loudness += _speechLoudness[start + b];
            packets += _packets[start + b];
        }

        return packets == 0 ? 0 : loudness / packets;
    }

    private int AverageLevel(int slot)
    {
        int start = slot * BucketCount;
        int level = 0;
        int packets = 0;
        for (int b = 0; b < BucketCount; b++)
        {
            level += _speechLevel[start + b];
            packets += _speechPackets[start + b];
        }

        return packets == 0 ? 127 : level / packets;
    }

    /// <summary>Starts the next bucket (several when evaluations were late), clearing what it held.</summary>
    private void Rotate(long nowMs)
    {
        long steps = _evaluated ? Math.Clamp((nowMs - _lastEvalMs) / IntervalMs, 1, BucketCount) : 1;
        for (long k = 0; k < steps; k++)
        {
            _bucket = (_bucket + 1) % BucketCount;
            for (int s = 0; s < _slots; s++)
            {
                int i = (s * BucketCount) + _bucket;
                _speechLoudness[i] = 0;
                _speechLevel[i] = 0;
                _speechPackets[i] = 0;
                _packets[i] = 0;
            }
        }

        _evaluated = true;
        _lastEvalMs = nowMs;
    }
}
